package io.yikatong.qr.medicalinsurance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.qr.platform.internal.JsonPost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the local medical-insurance service (电子凭证中台 / {@code NationECCode} gateway) that decodes the NHSA
 * e-voucher QR (project reference qr-credentials.md §3.2).
 *
 * <p>{@link #query(BusinessType)} posts {@code {"orgId", "transType":"ec.query", "data":{orgId, businessType,
 * operatorId, operatorName, officeId, officeName, deviceType}}} to {@code <baseUri>/localQrCodeQuery}; the service
 * drives the scanner, decodes the opaque code and answers {@code {code, message, data{userName, idNo, idType, insuOrg,
 * ecIndexNo, ecToken, gender, birthday, ...}}}. {@link #query(BusinessType, String)} passes an already scanned code
 * as {@code data.ecQrCode}, as the Shanghai variant does (M5) [I: the field name in {@code ec.query} is an
 * inference]. {@link #checkEcToken(VoucherIdentity)} posts {@code transType "localEcTokenCheck"} with {@code ecToken,
 * idType, idNo, userName} to {@code <baseUri>/localEcTokenCheck} and expects {@code data.flag} 1 [I: the envelope of
 * the check is inferred from {@code ec.query}].
 *
 * <p>Nothing is repeated automatically: {@code ec.query} consumes a scan. The ecToken and personal data are never
 * logged or put in exception messages.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class MedicalInsuranceVoucherClient {

    private static final Logger LOG = LoggerFactory.getLogger(MedicalInsuranceVoucherClient.class);

    /** The transaction type of the QR decode. */
    public static final String EC_QUERY = "ec.query";
    /** The transaction type of the token check. */
    public static final String EC_TOKEN_CHECK = "localEcTokenCheck";

    private final String baseUri;
    private final String orgId;
    private final String operatorId;
    private final String operatorName;
    private final String officeId;
    private final String officeName;
    private final String deviceType;
    private final Duration requestTimeout;
    private final JsonPost post;

    private MedicalInsuranceVoucherClient(Builder b) {
        String base = b.baseUri.toString();
        this.baseUri = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.orgId = b.orgId;
        this.operatorId = b.operatorId;
        this.operatorName = b.operatorName;
        this.officeId = b.officeId;
        this.officeName = b.officeName;
        this.deviceType = b.deviceType;
        this.requestTimeout = b.requestTimeout;
        HttpClient http = b.httpClient != null ? b.httpClient : JsonPost.defaultClient(b.connectTimeout);
        this.post = new JsonPost(http, b.requestTimeout);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Lets the service scan and decode an e-voucher ({@code ec.query}).
     *
     * @param businessType what the voucher is used for
     * @return the insured person and the ecToken
     * @throws VoucherLinkException if the service could not be reached or timed out
     * @throws VoucherRefusedException if the service refused (no code scanned, unknown or expired voucher)
     * @throws VoucherMalformedResponseException if the answer lacks a required field
     * @throws InvalidInputException if {@code businessType} is {@code null}
     */
    public VoucherIdentity query(BusinessType businessType) throws VoucherException {
        return doQuery(businessType, null);
    }

    /**
     * Decodes an e-voucher the HIS has already scanned ({@code ec.query} with {@code data.ecQrCode}).
     *
     * @param businessType what the voucher is used for
     * @param ecQrCode the scanned text, passed unchanged
     * @return the insured person and the ecToken
     * @throws VoucherLinkException if the service could not be reached or timed out
     * @throws VoucherRefusedException if the service refused (unknown or expired voucher)
     * @throws VoucherMalformedResponseException if the answer lacks a required field
     * @throws InvalidInputException if an argument is {@code null} or blank
     */
    public VoucherIdentity query(BusinessType businessType, String ecQrCode) throws VoucherException {
        if (ecQrCode == null || ecQrCode.isBlank()) {
            throw new InvalidInputException("ecQrCode", "must not be blank");
        }
        return doQuery(businessType, ecQrCode);
    }

    private VoucherIdentity doQuery(BusinessType businessType, String ecQrCode) throws VoucherException {
        if (businessType == null) {
            throw new InvalidInputException("businessType", "must not be null");
        }
        ObjectNode data = VoucherResponses.JSON.createObjectNode()
                .put("orgId", orgId)
                .put("businessType", businessType.code())
                .put("operatorId", operatorId)
                .put("operatorName", operatorName)
                .put("officeId", officeId)
                .put("officeName", officeName)
                .put("deviceType", deviceType);
        if (ecQrCode != null) {
            data.put("ecQrCode", ecQrCode);
        }
        return VoucherResponses.identity(send(EC_QUERY, "/localQrCodeQuery", data));
    }

    /**
     * Checks with the service that an ecToken is still valid for its person ({@code localEcTokenCheck}).
     *
     * @param identity the identity returned by {@link #query(BusinessType)}
     * @throws VoucherRefusedException if the service answered {@code flag} 0 ({@link VoucherRefusedException#serviceCode()}
     *     is then 0) or refused the call
     * @throws VoucherLinkException if the service could not be reached or timed out
     * @throws VoucherMalformedResponseException if the answer lacks {@code data.flag}
     * @throws InvalidInputException if {@code identity} is {@code null}
     */
    public void checkEcToken(VoucherIdentity identity) throws VoucherException {
        if (identity == null) {
            throw new InvalidInputException("identity", "must not be null");
        }
        ObjectNode data = VoucherResponses.JSON.createObjectNode()
                .put("ecToken", identity.ecToken())
                .put("idType", identity.idType())
                .put("idNo", identity.idNo())
                .put("userName", identity.userName());
        if (!VoucherResponses.flag(send(EC_TOKEN_CHECK, "/localEcTokenCheck", data))) {
            throw new VoucherRefusedException(EC_TOKEN_CHECK, 0, "flag 0: ecToken not valid");
        }
    }

    private JsonNode send(String transType, String path, ObjectNode data) throws VoucherException {
        ObjectNode root = VoucherResponses.JSON.createObjectNode().put("orgId", orgId).put("transType", transType);
        root.set("data", data);
        byte[] body;
        try {
            body = VoucherResponses.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        JsonPost.Answer answer;
        try {
            answer = post.post(URI.create(baseUri + path), body);
        } catch (HttpTimeoutException e) {
            throw new VoucherLinkException(transType + ": no answer within " + requestTimeout, 0, e);
        } catch (IOException e) {
            throw new VoucherLinkException(transType + ": link failed: " + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VoucherLinkException(transType + ": interrupted", 0, e);
        }
        if (answer.status() != 200) {
            throw new VoucherLinkException(transType + ": HTTP status " + answer.status(), answer.status(), null);
        }
        JsonNode answerData = VoucherResponses.data(transType, answer.body());
        LOG.debug("{}: ok", transType);
        return answerData;
    }

    @Override
    public String toString() {
        return "MedicalInsuranceVoucherClient[baseUri=" + baseUri + ", orgId=" + orgId + "]";
    }

    /**
     * Builds a {@link MedicalInsuranceVoucherClient}. Required: {@link #baseUri(URI)}, {@link #orgId(String)},
     * {@link #operator(String, String)} and {@link #office(String, String)}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private URI baseUri;
        private String orgId;
        private String operatorId;
        private String operatorName;
        private String officeId;
        private String officeName;
        private String deviceType = "";
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Sets the service's base URI, for example {@code https://host/localcfc/api/hsecfc} or a simulator's
         * {@code baseUri()}; the client appends {@code /localQrCodeQuery} and {@code /localEcTokenCheck}.
         *
         * @param baseUri an http or https URI
         * @return this builder
         * @throws InvalidInputException if it is {@code null} or not http(s)
         */
        public Builder baseUri(URI baseUri) {
            if (baseUri == null || !("http".equals(baseUri.getScheme()) || "https".equals(baseUri.getScheme()))) {
                throw new InvalidInputException("baseUri", "must be an http or https URI");
            }
            this.baseUri = baseUri;
            return this;
        }

        /**
         * Sets the designated institution code (定点编号, {@code orgId}).
         *
         * @param orgId the code
         * @return this builder
         * @throws InvalidInputException if it is blank
         */
        public Builder orgId(String orgId) {
            this.orgId = notBlank(orgId, "orgId");
            return this;
        }

        /**
         * Sets the operator sent with every query.
         *
         * @param operatorId the operator id (at most 20 characters in the provincial specifications)
         * @param operatorName the operator name
         * @return this builder
         * @throws InvalidInputException if one is blank
         */
        public Builder operator(String operatorId, String operatorName) {
            this.operatorId = notBlank(operatorId, "operatorId");
            this.operatorName = notBlank(operatorName, "operatorName");
            return this;
        }

        /**
         * Sets the office (科室) sent with every query.
         *
         * @param officeId the office id
         * @param officeName the office name
         * @return this builder
         * @throws InvalidInputException if one is blank
         */
        public Builder office(String officeId, String officeName) {
            this.officeId = notBlank(officeId, "officeId");
            this.officeName = notBlank(officeName, "officeName");
            return this;
        }

        /**
         * Marks the client as a self-service kiosk ({@code deviceType = "SelfService"}); default empty (counter).
         *
         * @param selfService whether this is a kiosk
         * @return this builder
         */
        public Builder selfService(boolean selfService) {
            this.deviceType = selfService ? "SelfService" : "";
            return this;
        }

        /**
         * Sets the HTTP client; default a new HTTP/1.1 client with {@link #connectTimeout(Duration)}.
         *
         * @param httpClient the client, or {@code null} for the default
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Sets the connect timeout of the default HTTP client; default 5 seconds.
         *
         * @param connectTimeout a positive duration
         * @return this builder
         * @throws InvalidInputException if it is not positive
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the timeout of one request, which includes the time the patient takes to show the code; default 30
         * seconds.
         *
         * @param requestTimeout a positive duration
         * @return this builder
         * @throws InvalidInputException if it is not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        private static Duration positive(Duration d, String field) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new InvalidInputException(field, "must be positive");
            }
            return d;
        }

        private static String notBlank(String s, String field) {
            if (s == null || s.isBlank()) {
                throw new InvalidInputException(field, "must not be blank");
            }
            return s;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws InvalidInputException naming the first required setting that is missing
         */
        public MedicalInsuranceVoucherClient build() {
            if (baseUri == null) {
                throw new InvalidInputException("baseUri", "must be set");
            }
            if (orgId == null) {
                throw new InvalidInputException("orgId", "must be set");
            }
            if (operatorId == null) {
                throw new InvalidInputException("operatorId", "must be set");
            }
            if (officeId == null) {
                throw new InvalidInputException("officeId", "must be set");
            }
            return new MedicalInsuranceVoucherClient(this);
        }
    }
}
