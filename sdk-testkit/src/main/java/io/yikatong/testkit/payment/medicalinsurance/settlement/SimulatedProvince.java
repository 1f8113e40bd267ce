package io.yikatong.testkit.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link SettlementPlatformSimulator} expects from one province's gateway, by the names of the reference
 * (medical-insurance-settlement.md §1.3–1.5, §6): URL shape, gateway authentication, extra envelope fields and
 * payload rules. Written independently of the SDK's client profiles, so each checks the other.
 *
 * <table>
 *   <caption>The shipped profiles</caption>
 *   <tr><th>name</th><th>URL</th><th>gateway</th><th>rules</th></tr>
 *   <tr><td>{@code national}</td><td>{@code /fsi/api/rsfComIfsService/callService}</td><td>none</td><td>SPEC
 *       baseline</td></tr>
 *   <tr><td>{@code guangdong}</td><td>{@code /ebus/gdyb_inf/poc/hsa/hgs/{infno}} (test; the production
 *       {@code /ebus/gdyb_api/prd/hsa/hgs/{infno}} is accepted too)</td><td>TIF</td><td>envelope
 *       field {@code recer_admvs} (or {@code recer_admdvs}) required</td></tr>
 *   <tr><td>{@code hebei}</td><td>{@code /ebus/rio_fsi} + one path per infno ({@link #path(String)})</td>
 *       <td>TIF</td><td></td></tr>
 *   <tr><td>{@code hunan}</td><td>{@code /fsi/api/rsfComIfsService/callService}</td><td>CSB</td><td>
 *       {@code feedetl_sn} digits only, not 0, ≤15 digits; 2203 {@code dise_codg} required; 1101 with
 *       {@code mdtrt_cert_type} 01 requires {@code psn_cert_type}, {@code certno}, {@code psn_name}; 3202 results
 *       0 平 / 1 不平</td></tr>
 *   <tr><td>{@code jiangxi}</td><td>{@code /CSB/hsa-fsi-{infno}}</td><td>CSB ({@code _api_name} must be
 *       {@code hsa-fsi-<infno>})</td><td></td></tr>
 * </table>
 *
 * <p>Hebei's paths for 9002, 2202, 2203 and 2205 are not in the reference; {@link #path(String)} gives inferred
 * ones [I], and the simulator accepts those infnos on any path under {@code /ebus/rio_fsi} that is not the path of
 * another infno (the body's {@code infno} decides).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SimulatedProvince {

    /** Gateway authentication schemes (reference §1.4). */
    public enum Gateway {
        /** No gateway: the platform is reached directly. */
        NONE,
        /** TIF headers {@code x-tif-paasid/-timestamp/-nonce/-signature}, SHA-256. */
        TIF,
        /** CSB headers {@code _api_name/_api_version/_api_timestamp/_api_access_key/_api_signature}, HmacSHA1. */
        CSB
    }

    private static final String CALL_SERVICE = "/fsi/api/rsfComIfsService/callService";
    private static final String HEBEI_BASE = "/ebus/rio_fsi";
    private static final Map<String, String> HEBEI_PATHS = Map.ofEntries(
            Map.entry("9001", "/fsi/api/signInSignOutService/signIn"),
            Map.entry("9101", "/fsi/api/fileupload/upload"),
            Map.entry("9102", "/fsi/api/fileupload/download"),
            Map.entry("1101", "/fsi/api/fsiPsnInfoService/queryPsnInfo"),
            Map.entry("2201", "/fsi/api/outpatientDocInfoService/outpatientRregistration"),
            Map.entry("2204", "/fsi/api/outpatientDocInfoService/outpatientFeeListUp"),
            Map.entry("2206", "/fsi/api/outpatientSettleService/preSettletment"),
            Map.entry("2207", "/fsi/api/outpatientSettleService/saveSettletmentV2"),
            Map.entry("2208", "/fsi/api/outpatientSettleService/cancleSettletment"),
            Map.entry("2601", "/fsi/api/reverseService/revsMethod"),
            Map.entry("3201", "/fsi/api/ybSettlementStmtService/stmtTotal"),
            Map.entry("3202", "/fsi/api/ybSettlementStmtService/stmtDetail"),
            Map.entry("5203", "/fsi/api/fsiIntegratedQueryService/querySetlInfo"));
    /** Inferred [I]: not in the reference. */
    private static final Map<String, String> HEBEI_INFERRED = Map.of(
            "9002", "/fsi/api/signInSignOutService/signOut",
            "2202", "/fsi/api/outpatientDocInfoService/outpatientRregistrationCancel",
            "2203", "/fsi/api/outpatientDocInfoService/outpatientMdtrtinfoUp",
            "2205", "/fsi/api/outpatientDocInfoService/outpatientFeeListUpCancel");

    /** The national baseline (SPEC). */
    public static final SimulatedProvince NATIONAL = new SimulatedProvince("national", Gateway.NONE, false, false, false,
            false);
    /** Guangdong (ZB): infno in the path, TIF, {@code recer_admvs}. */
    public static final SimulatedProvince GUANGDONG = new SimulatedProvince("guangdong", Gateway.TIF, true, false, false,
            false);
    /** Hebei (NT): one path per infno, TIF. */
    public static final SimulatedProvince HEBEI = new SimulatedProvince("hebei", Gateway.TIF, false, false, false, false);
    /** Hunan (SPEC-HN): single endpoint, CSB, the Hunan payload rules. */
    public static final SimulatedProvince HUNAN = new SimulatedProvince("hunan", Gateway.CSB, false, true, true, true);
    /** Jiangxi (JXC): {@code /CSB/hsa-fsi-{infno}}, CSB. */
    public static final SimulatedProvince JIANGXI = new SimulatedProvince("jiangxi", Gateway.CSB, false, false, false,
            false);

    private static final List<SimulatedProvince> ALL = List.of(NATIONAL, GUANGDONG, HEBEI, HUNAN, JIANGXI);

    private final String name;
    private final Gateway gateway;
    private final boolean receiverAdmdvsRequired;
    private final boolean numericFeeLineSn;
    private final boolean diagnosisCodeRequired;
    private final boolean binaryDetailResult;

    private SimulatedProvince(String name, Gateway gateway, boolean receiverAdmdvsRequired, boolean numericFeeLineSn,
            boolean diagnosisCodeRequired, boolean binaryDetailResult) {
        this.name = name;
        this.gateway = gateway;
        this.receiverAdmdvsRequired = receiverAdmdvsRequired;
        this.numericFeeLineSn = numericFeeLineSn;
        this.diagnosisCodeRequired = diagnosisCodeRequired;
        this.binaryDetailResult = binaryDetailResult;
    }

    /**
     * Returns a shipped profile by name.
     *
     * @param name {@code national}, {@code guangdong}, {@code hebei}, {@code hunan} or {@code jiangxi} (any case)
     * @return the profile
     * @throws InvalidInputException if there is no such profile
     */
    public static SimulatedProvince named(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (SimulatedProvince p : ALL) {
            if (p.name.equals(n)) {
                return p;
            }
        }
        throw new InvalidInputException("profile", "unknown profile '" + name + "'; known: " + names());
    }

    /**
     * Returns the names of the shipped profiles.
     *
     * @return the names, in the order of the reference
     */
    public static List<String> names() {
        return ALL.stream().map(p -> p.name).toList();
    }

    /**
     * Returns the name.
     *
     * @return for example {@code hunan}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the gateway authentication scheme.
     *
     * @return the scheme
     */
    public Gateway gateway() {
        return gateway;
    }

    /**
     * Returns whether the envelope must carry {@code recer_admvs} (or {@code recer_admdvs}).
     *
     * @return {@code true} for Guangdong
     */
    public boolean receiverAdmdvsRequired() {
        return receiverAdmdvsRequired;
    }

    /**
     * Returns whether {@code feedetl_sn} must be digits only, not 0, at most 15 digits (Hunan).
     *
     * @return {@code true} for Hunan
     */
    public boolean numericFeeLineSn() {
        return numericFeeLineSn;
    }

    /**
     * Returns whether 2203 requires {@code mdtrtinfo.dise_codg} (Hunan).
     *
     * @return {@code true} for Hunan
     */
    public boolean diagnosisCodeRequired() {
        return diagnosisCodeRequired;
    }

    /**
     * Returns whether 1101 with {@code mdtrt_cert_type} 01 requires {@code psn_cert_type}, {@code certno} and
     * {@code psn_name} (Hunan).
     *
     * @return {@code true} for Hunan
     */
    public boolean voucherHolderFieldsRequired() {
        return "hunan".equals(name);
    }

    /**
     * Returns whether the 3202 result lines use {@code stmt_rslt} 0 平 / 1 不平 (Hunan) rather than 0 平, 1 中心多,
     * 2 医药机构多, 3 数据不一致 (national, Jiangxi).
     *
     * @return {@code true} for Hunan
     */
    public boolean binaryDetailResult() {
        return binaryDetailResult;
    }

    /**
     * Returns the part of the path every request of this profile starts with, which belongs in a client's gateway
     * URL: {@code /ebus/rio_fsi} for Hebei, otherwise {@code ""}.
     *
     * @return the prefix
     */
    public String gatewayPrefix() {
        return "hebei".equals(name) ? HEBEI_BASE : "";
    }

    /**
     * Returns the path a request for {@code infno} is posted to.
     *
     * @param infno the transaction number, for example {@code 2207}
     * @return the path, for example {@code /CSB/hsa-fsi-2207}
     */
    public String path(String infno) {
        return switch (name) {
            case "guangdong" -> "/ebus/gdyb_inf/poc/hsa/hgs/" + infno;
            case "jiangxi" -> "/CSB/hsa-fsi-" + infno;
            case "hebei" -> HEBEI_BASE + HEBEI_PATHS.getOrDefault(infno, HEBEI_INFERRED.getOrDefault(infno,
                    "/fsi/api/" + infno));
            default -> CALL_SERVICE;
        };
    }

    /**
     * Resolves a request path.
     *
     * @param rawPath the path as sent
     * @return empty if the path is not this profile's; otherwise the infno the path fixes, or {@code ""} when the
     *     body's {@code infno} decides
     */
    Optional<String> resolve(String rawPath) {
        switch (name) {
            case "guangdong" -> {
                Optional<String> test = suffix(rawPath, "/ebus/gdyb_inf/poc/hsa/hgs/");
                return test.isPresent() ? test : suffix(rawPath, "/ebus/gdyb_api/prd/hsa/hgs/");
            }
            case "jiangxi" -> {
                return suffix(rawPath, "/CSB/hsa-fsi-");
            }
            case "hebei" -> {
                if (!rawPath.startsWith(HEBEI_BASE + "/")) {
                    return Optional.empty();
                }
                String rest = rawPath.substring(HEBEI_BASE.length());
                for (Map.Entry<String, String> e : HEBEI_PATHS.entrySet()) {
                    if (e.getValue().equals(rest)) {
                        return Optional.of(e.getKey());
                    }
                }
                return Optional.of(""); // an unlisted infno: the body decides; listed infnos are refused there
            }
            default -> {
                return CALL_SERVICE.equals(rawPath) ? Optional.of("") : Optional.empty();
            }
        }
    }

    /**
     * Returns whether {@code infno} has its own listed path (Hebei), so it may not come on another one.
     *
     * @param infno the body's infno
     * @return {@code true} if the infno has a fixed path
     */
    boolean hasFixedPath(String infno) {
        return "hebei".equals(name) && HEBEI_PATHS.containsKey(infno);
    }

    private static Optional<String> suffix(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String infno = path.substring(prefix.length());
        return infno.matches("[0-9]{4}[A-Z]?") ? Optional.of(infno) : Optional.empty();
    }

    @Override
    public String toString() {
        return "SimulatedProvince[" + name + ", " + gateway + "]";
    }
}
