package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.journal.JournalStorageException;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.GatewaySigner;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire client of the 医保 "两定" interface (定点医药机构接口, reference medical-insurance-settlement.md): one typed
 * method per 交易 (1101, 2201/2202, 2203, 2204/2205, 2206, 2207, 2208, 5203, 2601, 3201, 3202, 9001/9002,
 * 9101/9102), the province's URL shape, gateway signature and envelope rules from its {@link ProvinceProfile}.
 *
 * <p><b>Errors</b> (the {@link ChannelException} family, channel {@value #CHANNEL}):
 * <ul>
 *   <li>{@link ChannelLinkException}: timeout, I/O failure, HTTP 5xx; the outcome is <em>unknown</em>;</li>
 *   <li>{@link ChannelRefusedException}: {@code infcode ≠ 0} with the platform's {@code err_msg}
 *       ({@code DEFINITE}); a gateway refusal (HTTP 401, CSB "签名不一致!", a wrapper {@code code}:
 *       {@code CREDENTIALS_REJECTED}, or {@code OUTCOME_UNKNOWN} for a front-end error without an envelope);</li>
 *   <li>{@link ChannelMalformedResponseException}: not an envelope, a malformed field, or a settlement that breaks an
 *       amount identity ({@link Settlement#check()}); the outcome of a state-changing call is unknown.</li>
 * </ul>
 *
 * <p><b>Journal and retry rules.</b> Every state-changing call (2201, 2202, 2203, 2204, 2205, 2207, 2208, 2601, 9002)
 * is written to the {@link SettlementJournal} as {@link MessageState#SENT} with its msgid <em>before</em> it is sent,
 * then marked {@code ANSWERED}, {@code REFUSED} or {@code UNKNOWN}. This client retries nothing by itself, except one
 * rule: a refusal whose {@code err_msg} contains one of the profile's {@code signNoExpiredMarkers} renews the
 * operator's sign-in (9001) once and sends the call again under a new msgid (the refused one did not take effect).
 * Under a profile whose {@code infcode=0}-with-{@code err_msg} is a refusal, that answer to a non-repeatable call
 * (2201, 2204, 2207, 2208, 2601) is reported as {@code OUTCOME_UNKNOWN}, not {@code DEFINITE}: it is ambiguous, so the
 * call is resolved like a lost answer. What to do with an unknown outcome is {@link OutpatientSettlement}'s job.
 *
 * <p><b>Sign-in.</b> The sign_no of an operator is kept per day (the profile's time zone, the injected clock), in
 * memory and in the journal; the first call of a day signs in (9001).
 *
 * <p>Credentials and personal data never appear in logs or exception messages. Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class SettlementClient {

    /** The channel identifier of this client's errors: {@value}. */
    public static final String CHANNEL = Json.CHANNEL;

    private static final Logger LOG = LoggerFactory.getLogger(SettlementClient.class);
    private static final Set<String> JOURNALLED = Set.of("2201", "2202", "2203", "2204", "2205", "2207", "2208",
            "2601", "9002");
    private static final Set<String> NON_REPEATABLE = Set.of("2201", "2204", "2207", "2208", "2601");

    private final URI gateway;
    private final ProvinceProfile profile;
    private final Institution institution;
    private final GatewayCredentials credentials;
    private final SettlementJournal journal;
    private final Clock clock;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> signNos = new ConcurrentHashMap<>();
    private final Object signLock = new Object();

    private SettlementClient(Builder b) {
        this.gateway = b.gateway;
        this.profile = b.profile;
        this.institution = b.institution;
        this.credentials = b.credentials;
        this.journal = b.journal;
        this.clock = b.clock;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the profile */
    public ProvinceProfile profile() {
        return profile;
    }

    /** @return the institution */
    public Institution institution() {
        return institution;
    }

    /** @return the journal */
    public SettlementJournal journal() {
        return journal;
    }

    /** @return the clock */
    Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ sign-in

    /**
     * Signs an operator in (9001) now and keeps the sign_no as the operator's for today.
     *
     * @param operator the operator
     * @return the sign-in
     * @throws ChannelException if the platform refuses or cannot be reached
     */
    public SignIn signIn(Operator operator) throws ChannelException {
        ObjectNode s = Json.object();
        s.put("opter_no", operator.id());
        s.put("mac", operator.mac());
        s.put("ip", operator.ip());
        ObjectNode in = Json.object();
        in.set("signIn", s);
        Exchange x = exchange(operator, "9001", in, Context.NONE);
        SignIn result = read(x, out -> {
            JsonNode b = Json.object(out, "signinoutb", "output");
            return new SignIn(Json.text(b, "sign_no", "output.signinoutb"), Json.optText(b, "sign_time",
                    "output.signinoutb"));
        });
        LocalDate day = today();
        journal.saveSignIn(institution.fixmedinsCode(), operator.id(), day, result.signNo());
        signNos.put(operator.id() + "|" + day, result.signNo());
        return result;
    }

    /**
     * Returns the operator's sign_no for today, signing in (9001) first if there is none.
     *
     * @param operator the operator
     * @return the sign_no
     * @throws ChannelException if signing in fails
     */
    public String signNo(Operator operator) throws ChannelException {
        LocalDate day = today();
        String key = operator.id() + "|" + day;
        String known = signNos.get(key);
        if (known != null) {
            return known;
        }
        synchronized (signLock) {
            known = signNos.get(key);
            if (known == null) {
                known = journal.signIn(institution.fixmedinsCode(), operator.id(), day).orElse(null);
            }
            if (known == null) {
                known = signIn(operator).signNo();
            }
            signNos.put(key, known);
            return known;
        }
    }

    /**
     * Signs an operator out (9002) with today's sign_no; does nothing if the operator is not signed in today.
     *
     * @param operator the operator
     * @throws ChannelException if the platform refuses or cannot be reached
     */
    public void signOut(Operator operator) throws ChannelException {
        LocalDate day = today();
        String key = operator.id() + "|" + day;
        String signNo = signNos.get(key);
        if (signNo == null) {
            signNo = journal.signIn(institution.fixmedinsCode(), operator.id(), day).orElse(null);
        }
        if (signNo == null) {
            return;
        }
        ObjectNode s = Json.object();
        s.put("sign_no", signNo);
        s.put("opter_no", operator.id());
        ObjectNode in = Json.object();
        in.set("signOut", s);
        exchange(operator, "9002", in, Context.NONE);
        signNos.remove(key);
        journal.endSignIn(institution.fixmedinsCode(), operator.id(), signNo, "SIGNED_OUT");
    }

    private void forgetSignIn(Operator operator) {
        LocalDate day = today();
        String signNo = signNos.remove(operator.id() + "|" + day);
        if (signNo != null) {
            journal.endSignIn(institution.fixmedinsCode(), operator.id(), signNo, "EXPIRED");
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(profile.zone()));
    }

    // ------------------------------------------------------------------ typed calls

    /**
     * 1101 人员信息获取.
     *
     * @param operator the operator
     * @param credential the patient's credential
     * @return the person and their insurances
     * @throws ChannelException if the call fails
     */
    public PersonInfo personInfo(Operator operator, Credential credential) throws ChannelException {
        ObjectNode d = Json.object();
        d.put("mdtrt_cert_type", credential.certType());
        d.put("mdtrt_cert_no", credential.certNo());
        d.put("card_sn", credential.cardSn());
        d.put("begntime", "");
        d.put("psn_cert_type", credential.psnCertType());
        d.put("certno", credential.psnCertNo());
        d.put("psn_name", credential.psnName());
        ObjectNode in = Json.object();
        in.set("data", d);
        return read(exchange(operator, "1101", in, Context.NONE), PersonInfo::read);
    }

    /**
     * 2201 门诊挂号. Not repeatable: a lost answer may leave a registration at the platform.
     *
     * @param operator the operator
     * @param registration the registration
     * @return {@code mdtrt_id}
     * @throws ChannelException if the call fails
     */
    public RegistrationResult register(Operator operator, Registration registration) throws ChannelException {
        return register(operator, registration, null);
    }

    RegistrationResult register(Operator operator, Registration r, Consumer<String> beforeSend)
            throws ChannelException {
        Exchange x = exchange(operator, "2201", r.input(), new Context(r.psnNo(), r.insuplcAdmdvs(), r.iptOtpNo(),
                beforeSend));
        return read(x, out -> {
            JsonNode d = Json.object(out, "data", "output");
            return new RegistrationResult(Json.text(d, "mdtrt_id", "output.data"),
                    Json.optText(d, "psn_no", "output.data"), Json.optText(d, "ipt_otp_no", "output.data"));
        });
    }

    /**
     * 2202 挂号撤销.
     *
     * @param operator the operator
     * @param psnNo 人员编号
     * @param insuplcAdmdvs 参保地医保区划
     * @param mdtrtId 就诊ID
     * @param iptOtpNo 住院/门诊号
     * @throws ChannelException if the call fails
     */
    public void cancelRegistration(Operator operator, String psnNo, String insuplcAdmdvs, String mdtrtId,
            String iptOtpNo) throws ChannelException {
        ObjectNode d = Json.object();
        d.put("psn_no", psnNo);
        d.put("mdtrt_id", mdtrtId);
        d.put("ipt_otp_no", iptOtpNo);
        exchange(operator, "2202", data(d), new Context(psnNo, insuplcAdmdvs, iptOtpNo, null));
    }

    /**
     * 2203 就诊信息上传 (repeatable: an upsert).
     *
     * @param operator the operator
     * @param details the visit details
     * @throws ChannelException if the call fails
     */
    public void uploadVisit(Operator operator, VisitDetails details) throws ChannelException {
        exchange(operator, "2203", details.input(), new Context(details.psnNo(), details.insuplcAdmdvs(), "", null));
    }

    /**
     * 2204 费用明细上传. Not repeatable.
     *
     * @param operator the operator
     * @param upload one 收费批次
     * @return the platform's view of each line
     * @throws InvalidInputException if the profile's rules reject a line (Hunan's numeric {@code feedetl_sn})
     * @throws ChannelException if the call fails
     */
    public List<FeeLineResult> uploadFees(Operator operator, FeeUpload upload) throws ChannelException {
        return uploadFees(operator, upload, "");
    }

    List<FeeLineResult> uploadFees(Operator operator, FeeUpload upload, String visitNo) throws ChannelException {
        upload.checkFor(profile);
        Exchange x = exchange(operator, "2204", upload.input(), new Context(upload.psnNo(), upload.insuplcAdmdvs(),
                visitNo, null));
        return read(x, out -> Json.each(Json.array(out, "result", "output.result"), FeeLineResult::read));
    }

    /**
     * 2205 费用明细撤销 of a batch ({@code "0000"}: every unsettled line).
     *
     * @param operator the operator
     * @param psnNo 人员编号
     * @param insuplcAdmdvs 参保地医保区划
     * @param mdtrtId 就诊ID
     * @param chrgBchno 收费批次号
     * @throws ChannelException if the call fails
     */
    public void cancelFees(Operator operator, String psnNo, String insuplcAdmdvs, String mdtrtId, String chrgBchno)
            throws ChannelException {
        cancelFees(operator, psnNo, insuplcAdmdvs, mdtrtId, chrgBchno, "");
    }

    void cancelFees(Operator operator, String psnNo, String insuplcAdmdvs, String mdtrtId, String chrgBchno,
            String visitNo) throws ChannelException {
        ObjectNode d = Json.object();
        d.put("mdtrt_id", mdtrtId);
        d.put("chrg_bchno", chrgBchno);
        d.put("psn_no", psnNo);
        exchange(operator, "2205", data(d), new Context(psnNo, insuplcAdmdvs, visitNo, null));
    }

    /**
     * 2206 门诊预结算 (repeatable; changes nothing at the platform).
     *
     * @param operator the operator
     * @param request the request
     * @return the pre-settlement, its amount identities checked
     * @throws ChannelException if the call fails or the answer breaks an identity
     */
    public Settlement preSettle(Operator operator, SettlementRequest request) throws ChannelException {
        return read(exchange(operator, "2206", request.input(false), new Context(request.psnNo(),
                request.insuplcAdmdvs(), "", null)), Settlement::read);
    }

    /**
     * 2207 门诊结算. Not repeatable: the msgid is journalled before sending; if the outcome is unknown (a
     * {@link ChannelLinkException}, a malformed answer or an {@code OUTCOME_UNKNOWN} refusal) resolve it with
     * {@link #reverse} (2601, {@code oinfno 2207}, the journalled msgid), never by settling again under the same
     * batch.
     *
     * @param operator the operator
     * @param request the request (with the 2206 answer, {@link SettlementRequest#forSettlement})
     * @return the settlement, its amount identities checked
     * @throws ChannelException if the call fails or the answer breaks an identity
     */
    public Settlement settle(Operator operator, SettlementRequest request) throws ChannelException {
        return settle(operator, request, "", null);
    }

    Settlement settle(Operator operator, SettlementRequest request, String visitNo, Consumer<String> beforeSend)
            throws ChannelException {
        return read(exchange(operator, "2207", request.input(true), new Context(request.psnNo(),
                request.insuplcAdmdvs(), visitNo, beforeSend)), Settlement::read);
    }

    /**
     * 2208 门诊结算撤销. Not repeatable.
     *
     * @param operator the operator
     * @param psnNo 人员编号
     * @param insuplcAdmdvs 参保地医保区划
     * @param setlId 结算ID
     * @param mdtrtId 就诊ID
     * @return the reversing settlement (negative amounts), its identities checked
     * @throws ChannelException if the call fails
     */
    public Settlement cancelSettlement(Operator operator, String psnNo, String insuplcAdmdvs, String setlId,
            String mdtrtId) throws ChannelException {
        return cancelSettlement(operator, psnNo, insuplcAdmdvs, setlId, mdtrtId, "");
    }

    Settlement cancelSettlement(Operator operator, String psnNo, String insuplcAdmdvs, String setlId, String mdtrtId,
            String visitNo) throws ChannelException {
        ObjectNode d = Json.object();
        d.put("setl_id", setlId);
        d.put("mdtrt_id", mdtrtId);
        d.put("psn_no", psnNo);
        Exchange x = exchange(operator, "2208", data(d), new Context(psnNo, insuplcAdmdvs, visitNo, null));
        if (x.reply().output().path("setlinfo").isObject()) {
            return read(x, Settlement::read);
        }
        return null;
    }

    /**
     * 5203 结算信息查询.
     *
     * @param operator the operator
     * @param psnNo 人员编号
     * @param insuplcAdmdvs 参保地医保区划
     * @param setlId 结算ID
     * @param mdtrtId 就诊ID
     * @return the settlement
     * @throws ChannelException if the call fails
     */
    public Settlement querySettlement(Operator operator, String psnNo, String insuplcAdmdvs, String setlId,
            String mdtrtId) throws ChannelException {
        ObjectNode d = Json.object();
        d.put("psn_no", psnNo);
        d.put("setl_id", setlId);
        d.put("mdtrt_id", mdtrtId);
        return read(exchange(operator, "5203", data(d), new Context(psnNo, insuplcAdmdvs, "", null)),
                Settlement::read);
    }

    /**
     * 2601 冲正交易: cancels whatever the original message did at the platform. Repeatable per {@code omsgid}: retry
     * with the same {@code omsgid} (each attempt has its own new msgid).
     *
     * @param operator the operator
     * @param psnNo 人员编号
     * @param insuplcAdmdvs 参保地医保区划
     * @param omsgid the msgid of the original call
     * @param oinfno the infno of the original call (2207, 2208 …)
     * @throws ChannelException if the call fails
     */
    public void reverse(Operator operator, String psnNo, String insuplcAdmdvs, String omsgid, String oinfno)
            throws ChannelException {
        reverse(operator, psnNo, insuplcAdmdvs, omsgid, oinfno, "");
    }

    void reverse(Operator operator, String psnNo, String insuplcAdmdvs, String omsgid, String oinfno, String visitNo)
            throws ChannelException {
        ObjectNode d = Json.object();
        d.put("psn_no", psnNo);
        d.put("omsgid", omsgid);
        d.put("oinfno", oinfno);
        exchange(operator, "2601", data(d), new Context(psnNo, insuplcAdmdvs, visitNo, null));
        journal.updateMessage(omsgid, MessageState.REVERSED, "", "reversed by 2601");
    }

    /**
     * 3201 对总账.
     *
     * @param operator the operator
     * @param totals the institution's totals of one group
     * @return the platform's verdict
     * @throws ChannelException if the call fails
     */
    public StatementResult statementTotals(Operator operator, StatementTotals totals) throws ChannelException {
        return read(exchange(operator, "3201", totals.input(), Context.NONE), out -> {
            JsonNode s = Json.object(out, "stmtinfo", "output");
            return new StatementResult(Json.optText(s, "setl_optins", "output.stmtinfo"),
                    Json.text(s, "stmt_rslt", "output.stmtinfo"), Json.optText(s, "stmt_rslt_dscr", "output.stmtinfo"));
        });
    }

    /**
     * 9101 文件上传: sends a file (a zip) with {@code in} as Base64 text [I: the encoding varies by region, reference
     * §4; Base64 is NT's].
     *
     * @param operator the operator
     * @param filename the file name, for example {@code 3202.zip}
     * @param content the bytes
     * @return the platform's file reference
     * @throws ChannelException if the call fails
     */
    public PlatformFile uploadFile(Operator operator, String filename, byte[] content) throws ChannelException {
        Fields.required("filename", filename, 100);
        ObjectNode f = Json.object();
        f.put("in", Base64.getEncoder().encodeToString(content));
        f.put("filename", filename);
        f.put("fixmedins_code", institution.fixmedinsCode());
        ObjectNode in = Json.object();
        in.set("fsUploadIn", f);
        return read(exchange(operator, "9101", in, Context.NONE), SettlementClient::file);
    }

    /**
     * 3202 对明细账 (after {@link #uploadFile}).
     *
     * @param operator the operator
     * @param request the request
     * @return the result file to download with {@link #downloadFile}
     * @throws ChannelException if the call fails
     */
    public PlatformFile statementDetail(Operator operator, StatementDetailRequest request) throws ChannelException {
        return read(exchange(operator, "3202", request.input(), Context.NONE), SettlementClient::file);
    }

    private static PlatformFile file(JsonNode out) throws ChannelMalformedResponseException {
        JsonNode f = out.path("fileinfo").isObject() ? out.get("fileinfo") : out;
        if (!f.isObject()) {
            throw Json.malformed("output has no file information");
        }
        return new PlatformFile(Json.text(f, "file_qury_no", "output"), Json.optText(f, "filename", "output"),
                Json.optText(f, "dld_endtime", "output"));
    }

    /**
     * 9102 文件下载: the platform answers the file itself ({@code application/octet-stream}) or an envelope with a
     * refusal.
     *
     * @param operator the operator
     * @param file the file reference
     * @return the bytes
     * @throws ChannelException if the call fails
     */
    public byte[] downloadFile(Operator operator, PlatformFile file) throws ChannelException {
        ObjectNode f = Json.object();
        f.put("file_qury_no", file.fileQuryNo());
        f.put("filename", file.filename());
        f.put("fixmedins_code", institution.fixmedinsCode());
        ObjectNode in = Json.object();
        in.set("fsDownloadIn", f);
        Exchange x = exchange(operator, "9102", in, Context.NONE);
        if (x.file() == null) {
            throw Json.malformed("9102: the answer is an envelope without a file");
        }
        return x.file().clone();
    }

    // ------------------------------------------------------------------ the exchange

    /** Per-call journal context. */
    record Context(String psnNo, String insuplcAdmdvs, String visitNo, Consumer<String> beforeSend) {
        static final Context NONE = new Context("", "", "", null);
    }

    /** One answered call. */
    record Exchange(String msgid, Envelope.Reply reply, byte[] file) {
    }

    private static ObjectNode data(ObjectNode d) {
        ObjectNode in = Json.object();
        in.set("data", d);
        return in;
    }

    static <T> T read(Exchange x, Json.Reader<T> reader) throws ChannelMalformedResponseException {
        try {
            return reader.read(x.reply().output());
        } catch (ChannelMalformedResponseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "the answer has a field out of range ("
                    + e.getClass().getSimpleName() + ")", null);
        }
    }

    Exchange exchange(Operator operator, String infno, ObjectNode input, Context ctx) throws ChannelException {
        Objects.requireNonNull(operator, "operator");
        checkRequired(infno, input);
        boolean renewed = false;
        while (true) {
            String signNo = infno.equals("9001") ? "" : signNo(operator);
            LocalDateTime now = LocalDateTime.now(clock.withZone(profile.zone()));
            String msgid = journal.nextMessageId(institution.fixmedinsCode(), now);
            boolean journalled = JOURNALLED.contains(infno);
            if (journalled) {
                journal.recordSent(msgid, infno, operator.id(), ctx.psnNo(), ctx.insuplcAdmdvs(), ctx.visitNo());
            }
            if (ctx.beforeSend() != null) {
                ctx.beforeSend().accept(msgid);
            }
            try {
                Exchange x = send(operator, infno, msgid, signNo, now, input, ctx.insuplcAdmdvs());
                if (journalled) {
                    journal.updateMessage(msgid, MessageState.ANSWERED, "0", x.reply() == null ? ""
                            : x.reply().warning());
                }
                return x;
            } catch (ChannelRefusedException e) {
                ChannelRefusedException r = e;
                if ("0".equals(e.channelCode()) && e.disposition() == ChannelRefusedException.Disposition.DEFINITE
                        && NON_REPEATABLE.contains(infno)) {
                    r = new ChannelRefusedException(CHANNEL, infno, e.httpStatus(), e.channelCode(),
                            e.channelMessage(), ChannelRefusedException.Disposition.OUTCOME_UNKNOWN);
                }
                if (journalled) {
                    journal.updateMessage(msgid, r.outcomeUnknown() ? MessageState.UNKNOWN : MessageState.REFUSED,
                            r.channelCode(), r.channelMessage());
                }
                if (!renewed && !infno.startsWith("900") && r.disposition()
                        == ChannelRefusedException.Disposition.DEFINITE && signNoExpired(r.channelMessage())) {
                    LOG.info("{} refused as not signed in; signing operator {} in again", infno, operator.id());
                    forgetSignIn(operator);
                    renewed = true;
                    continue;
                }
                throw r;
            } catch (ChannelLinkException | ChannelMalformedResponseException e) {
                if (journalled) {
                    journal.updateMessage(msgid, MessageState.UNKNOWN, e.kind().reason(), e.getMessage());
                }
                throw e;
            } catch (ChannelException | RuntimeException e) {
                if (journalled) {
                    try {
                        journal.updateMessage(msgid, MessageState.UNKNOWN, "error", e.getClass().getSimpleName());
                    } catch (JournalStorageException j) {
                        e.addSuppressed(j);
                    }
                }
                throw e;
            }
        }
    }

    private boolean signNoExpired(String message) {
        for (String m : profile.signNoExpiredMarkers()) {
            if (message.contains(m)) {
                return true;
            }
        }
        return false;
    }

    void checkRequired(String infno, JsonNode input) {
        for (Map.Entry<String, List<String>> e : profile.requiredFields().entrySet()) {
            String key = e.getKey();
            int at = key.indexOf('@');
            if (!(at < 0 ? key : key.substring(0, at)).equals(infno)) {
                continue;
            }
            if (at >= 0) {
                String cond = key.substring(at + 1);
                int eq = cond.indexOf('=');
                if (!valueAt(input, cond.substring(0, eq)).equals(cond.substring(eq + 1))) {
                    continue;
                }
            }
            for (String path : e.getValue()) {
                JsonNode node = path.contains(".") ? input.path(path.substring(0, path.indexOf('.'))) : input;
                String field = path.contains(".") ? path.substring(path.indexOf('.') + 1) : path;
                Iterable<JsonNode> items = node.isArray() ? node : List.of(node);
                for (JsonNode item : items) {
                    if (item.path(field).asText("").isEmpty()) {
                        throw new InvalidInputException(field, "is mandatory for " + infno + " under profile "
                                + profile.name());
                    }
                }
            }
        }
    }

    private static String valueAt(JsonNode input, String path) {
        JsonNode n = input;
        for (String p : path.split("\\.")) {
            n = n.path(p);
        }
        return n.asText("");
    }

    private Exchange send(Operator operator, String infno, String msgid, String signNo, LocalDateTime now,
            ObjectNode input, String insuplcAdmdvs) throws ChannelException {
        Envelope.Header h = new Envelope.Header(infno, msgid, institution.mdtrtareaAdmvs(), insuplcAdmdvs == null ? ""
                : insuplcAdmdvs, profile.recerSysCode(), profile.signtype(), profile.infver(), operator.type(),
                operator.id(), operator.name(), now, institution.fixmedinsCode(), institution.fixmedinsName(), signNo);
        String body = Envelope.request(h, profile.extraFields(), input);
        URI uri = URI.create(stripSlash(gateway.toString()) + profile.pathFor(infno));
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(profile.readTimeout(infno))
                .header("Content-Type", profile.contentType() + ";charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        authenticate(rb, infno);
        HttpResponse<byte[]> response;
        try {
            response = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ChannelLinkException(CHANNEL, infno + ": timed out after " + profile.readTimeout(infno)
                    .toSeconds() + " s (outcome unknown)", e);
        } catch (IOException e) {
            throw new ChannelLinkException(CHANNEL, infno + ": link failed, " + e.getClass().getSimpleName()
                    + " (outcome unknown)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelLinkException(CHANNEL, infno + ": interrupted (outcome unknown)", e);
        }
        byte[] answer = response.body() == null ? new byte[0] : response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() == 200 && type.toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/octet-stream")) {
            if (!infno.equals("9102")) {
                throw Json.malformed(infno + ": the answer is a file");
            }
            return new Exchange(msgid, new Envelope.Reply("", "", Json.object()), answer);
        }
        Envelope.Reply reply = Envelope.readReply(infno, response.statusCode(), answer,
                profile.zeroInfcodeWithErrMsg());
        return new Exchange(msgid, reply, null);
    }

    private void authenticate(HttpRequest.Builder rb, String infno) {
        if (credentials instanceof GatewayCredentials.Tif t) {
            long ts = clock.instant().getEpochSecond();
            String nonce = nonce();
            rb.header("x-tif-paasid", t.paasId())
                    .header("x-tif-timestamp", Long.toString(ts))
                    .header("x-tif-nonce", nonce)
                    .header("x-tif-signature", GatewaySigner.tifSignature(ts, t.paasToken(), nonce));
        } else if (credentials instanceof GatewayCredentials.Csb c) {
            long ms = clock.millis();
            String name = profile.csbApiName(infno);
            String signature = GatewaySigner.csbSignature(c.secretKey(), GatewaySigner.csbStringToSign(
                    c.accessKey(), name, ms, profile.csbApiVersion()));
            rb.header("_api_name", name)
                    .header("_api_version", profile.csbApiVersion())
                    .header("_api_timestamp", Long.toString(ms))
                    .header("_api_access_key", c.accessKey())
                    .header("_api_signature", signature);
        }
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "SettlementClient[" + gateway + ", " + profile.name() + ", " + institution.fixmedinsCode() + ", "
                + credentials.scheme() + "]";
    }

    /**
     * Builds a {@link SettlementClient}. Not thread-safe.
     */
    public static final class Builder {
        private URI gateway;
        private ProvinceProfile profile;
        private Institution institution;
        private GatewayCredentials credentials = GatewayCredentials.none();
        private SettlementJournal journal;
        private Clock clock = Clock.systemUTC();
        private HttpClient http;
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** @param baseUrl the gateway's base URL (the profile's path is appended), http or https @return this */
        public Builder gateway(URI baseUrl) {
            if (baseUrl == null || baseUrl.getScheme() == null || !Set.of("http", "https").contains(baseUrl.getScheme())
                    || baseUrl.getHost() == null) {
                throw new InvalidInputException("gateway", "must be an http or https URL");
            }
            this.gateway = baseUrl;
            return this;
        }

        /** @param profile the province profile @return this */
        public Builder profile(ProvinceProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** @param institution the sending institution @return this */
        public Builder institution(Institution institution) {
            this.institution = Objects.requireNonNull(institution, "institution");
            return this;
        }

        /** @param credentials the gateway credentials (default none) @return this */
        public Builder credentials(GatewayCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** @param journal the journal (required) @return this */
        public Builder journal(SettlementJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /** @param clock the clock (default system UTC; local times use the profile's zone) @return this */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param client the HTTP client (default: 10 s connect timeout, no redirects) @return this */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /** @param timeout the default client's connect timeout @return this */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws InvalidInputException if the gateway, profile, institution or journal is missing, or the
         *     credentials do not match the profile's scheme
         */
        public SettlementClient build() {
            if (gateway == null || profile == null || institution == null || journal == null) {
                throw new InvalidInputException(gateway == null ? "gateway" : profile == null ? "profile"
                        : institution == null ? "institution" : "journal", "is required");
            }
            if (credentials.scheme() != profile.auth()) {
                throw new InvalidInputException("credentials", "profile " + profile.name() + " needs "
                        + profile.auth() + " credentials");
            }
            return new SettlementClient(this);
        }
    }
}
