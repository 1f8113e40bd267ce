package io.yikatong.testkit.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.testkit.internal.LoopbackHttpServer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Answer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Exchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

/**
 * A loopback simulator of the national medical insurance platform's 定点医药机构 interface (医保 "两定" 接口) on
 * {@code 127.0.0.1}, real HTTP on an embedded Jetty, written from the project reference
 * ({@code medical-insurance-settlement.md} §7) independently of the SDK's client.
 *
 * <h2>What it keeps</h2>
 * <ul>
 *   <li>Personnel and insurance records ({@link SimulatedPerson}, seedable; {@link #defaultPersons()} holds the
 *       holders of the testkit's example social security card and example health card, a resident and an 异地
 *       person), personal-account balances, e-voucher ecTokens ({@link #acceptEcToken(String, String)}).</li>
 *   <li>Sign-in (9001/9002): one {@code sign_no} per operator ({@code opter_no}) per day (China time); every other
 *       call needs a {@code sign_no} issued today to the envelope's {@code opter} and not signed out or expired
 *       ({@link #expireSignIns()}).</li>
 *   <li>Visits (2201/2202/2203), fee lines by ({@code mdtrt_id}, {@code feedetl_sn}) with their {@code chrg_bchno}
 *       and settled flag (2204/2205), settlements by {@code setl_id} also indexed by their msgid
 *       ({@code medins_setl_id}) (2206/2207/2208, 5203), 冲正 by {@code omsgid} (2601), reconciliation (3201 totals;
 *       the 3202 cycle 9101 upload → 3202 → 9102 download).</li>
 *   <li>A reimbursement policy per insurance type ({@link ReimbursementPolicy}) and a catalogue
 *       ({@link CatalogueItem}). Every settlement it makes, forward or reverse, is checked against the amount
 *       identities of the reference (§3) before it is answered ({@link #checkIdentities(SimulatedSettlement)}).</li>
 * </ul>
 *
 * <h2>The envelope</h2>
 * Requests are the JSON envelope of §1.1 ({@code text/plain} or {@code application/json}; 9101 also as
 * {@code multipart/form-data} with parts {@code jsonStr} and {@code file}). Unknown fields are ignored. Refused are,
 * with {@code infcode -1} and a message naming the field: a missing required field; an {@code inf_time} not
 * {@code yyyy-MM-dd HH:mm:ss}; a {@code fixmedins_code} other than the configured one; a msgid that is not 30
 * characters ({@code fixmedins_code} (12) + {@code yyyyMMddHHmmss} + 4 digits) or was seen before ({@link #DUPLICATE_MSGID},
 * or the first answer again with {@link DuplicateMsgid#REPLAY}); a missing or stale {@code sign_no}; an
 * {@code input} with {@code psn_no} but no {@code insuplc_admdvs} (or another than the person's). Answers carry
 * {@code infcode} (a number; a string with {@link #infcodeAsString(boolean)}), {@code inf_refmsgid} (区划 +
 * {@code yyyyMMddHHmmss} + 10 digits), {@code refmsg_time}, {@code respond_time}, {@code err_msg}, {@code warn_msg},
 * {@code output}; amounts are JSON numbers with two decimals. 9102 answers the zip as
 * {@code application/octet-stream}.
 *
 * <h2>Province profiles</h2>
 * One simulator speaks one {@link SimulatedProvince}: its paths ({@link #endpoint(String)}), its gateway (TIF or CSB
 * headers verified exactly as §1.4 describes, with the timestamp window of
 * {@link Builder#gatewayTimestampWindow(Duration)}; a bad request is answered with HTTP 401 and
 * {@code {"code":401,"message":"缺少服务网关的请求头!"|"签名时间戳超时!"|"非法用户!"|"签名不一致!"}}) and its payload
 * rules. Development credentials: {@link #DEVELOPMENT_PAAS_ID}/{@link #DEVELOPMENT_PAAS_TOKEN} (TIF) and
 * {@link #DEVELOPMENT_ACCESS_KEY}/{@link #DEVELOPMENT_SECRET_KEY} (CSB).
 *
 * <h2>Choices where the reference knows nothing [I]</h2>
 * <ul>
 *   <li>2208 gives the reverse record a new {@code setl_id} (answered in {@code setlinfo.setl_id}); the original
 *       stays findable by 5203 as cancelled.</li>
 *   <li>2601 for an {@code omsgid} the platform never committed answers success (nothing to reverse), unless
 *       {@link Builder#refuseUnknownReversals(boolean)}; repeating it answers success. 2601 cannot reverse a
 *       settlement already cancelled by 2208. {@code oinfno} 2207 and 2208 are supported.</li>
 *   <li>2202 and 2205 on what is already gone answer success; 2202 needs the fee lines withdrawn first.</li>
 *   <li>2204 checks {@code det_item_fee_sumamt} = {@code pric × cnt} rounded half-up to fen
 *       ({@link Builder#checkLineTotals(boolean)}).</li>
 *   <li>Reconciliation: {@code refd_setl_flag} 0 counts the settlements in force; 1 counts every forward and reverse
 *       record, amounts netted. 3201 answers {@code stmt_rslt} 0 平 / 1 不平 (with the platform's figures in
 *       {@code stmt_rslt_dscr}); 3202's result lines use 0/1/2/3 (1 中心多 carrying the msgid for 2601), or 0/1 in
 *       Hunan. A HIS reverse line matches by the reverse record's {@code setl_id} or by the original's with
 *       {@code refd_setl_flag} 1. Empty TXT values are written {@code null}. All settlements have
 *       {@code clr_type} 11 and {@code clr_optins} = the person's 参保地.</li>
 *   <li>{@code cainfo} is ignored unless a {@link CainfoVerifier} is set.</li>
 * </ul>
 *
 * <h2>Faults</h2>
 * {@link #dropAnswersAfterCommit(String, int)} (the call takes effect, the connection closes without an answer: the
 * 2207 unknown outcome), {@link #delayAnswers(String, int, Duration)}, {@link #refuseNext(String, String)}
 * ({@code infcode -1}), {@link #succeedWithErrorMessageNext(String, String)} ({@code infcode 0} with an
 * {@code err_msg}, nothing done), {@link #infcodeAsString(boolean)}, {@link #wrapReplies(boolean)}
 * ({@code {"code":0,"type":"success","message":"成功","data":<envelope>}}), {@link #expireSignIns()},
 * {@link #failNext(int, int)} (an HTTP status, nothing done), {@link #rejectAtGatewayNext(int)} (the gateway's 401),
 * {@link #plantSettlement(String, Money, LocalDate)} (中心多) and {@link #eraseSettlement(String)} (医药机构多).
 *
 * <pre>{@code
 * try (SettlementPlatformSimulator sim = SettlementPlatformSimulator.builder().profile("hunan").start()) {
 *     URI url = sim.endpoint("1101"); // sign with DEVELOPMENT_ACCESS_KEY / DEVELOPMENT_SECRET_KEY
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are served concurrently, state changes one at a time; faults and inspections may be
 * called from any thread. Create one per test and close it.
 *
 * @since 0.1
 */
public final class SettlementPlatformSimulator implements AutoCloseable {

    /** The TIF application account ({@code x-tif-paasid}) the simulator accepts unless configured otherwise. */
    public static final String DEVELOPMENT_PAAS_ID = "yikatong_dev_paas";
    /** The TIF token the simulator verifies signatures with unless configured otherwise (development only). */
    public static final String DEVELOPMENT_PAAS_TOKEN = "yikatong-development-paas-token";
    /** The CSB access key ({@code _api_access_key}) the simulator accepts unless configured otherwise. */
    public static final String DEVELOPMENT_ACCESS_KEY = "yikatong-dev-ak";
    /** The CSB secret key the simulator verifies signatures with unless configured otherwise (development only). */
    public static final String DEVELOPMENT_SECRET_KEY = "yikatong-development-secret-key";
    /** The 定点医药机构编号 the simulator expects unless configured otherwise. */
    public static final String DEFAULT_FIXMEDINS_CODE = "H11010500001";
    /** The platform's 医保区划 (the first 6 characters of {@code inf_refmsgid}) unless configured otherwise. */
    public static final String DEFAULT_ADMDVS = "110100";

    /** A fee-line catalogue code of a 甲类 item (fully in scope). Unknown codes are 甲类 too. */
    public static final String ITEM_CLASS_A = "YKT-A-0001";
    /** A catalogue code of a 乙类 item with 10 % 先行自付. */
    public static final String ITEM_CLASS_B = "YKT-B-0001";
    /** A catalogue code of a 丙类 item (全自费). */
    public static final String ITEM_CLASS_C = "YKT-C-0001";
    /** A catalogue code of a 甲类 item with a 限价 of 20.00 yuan per unit. */
    public static final String ITEM_PRICE_CAPPED = "YKT-L-0001";
    /** A catalogue code of a restricted (限制使用) 甲类 item: reimbursed only with {@code hosp_appr_flag} 1. */
    public static final String ITEM_RESTRICTED = "YKT-R-0001";

    /** {@code err_msg} prefix of a repeated msgid. */
    public static final String DUPLICATE_MSGID = "报文ID重复";
    /** {@code err_msg} prefix of a stale, signed-out or foreign {@code sign_no}. */
    public static final String SIGN_NO_INVALID = "签到信息已失效，请重新签到";

    /** What a repeated msgid gets. */
    public enum DuplicateMsgid {
        /** {@code infcode -1} with {@link #DUPLICATE_MSGID} (default). */
        REFUSE,
        /** The answer the first request with that msgid got, again; nothing is done twice. */
        REPLAY
    }

    /**
     * Checks a request's {@code cainfo} (reference §1.5: the algorithm is not public, so this is pluggable).
     *
     * <p>Implementations must be thread-safe.
     */
    @FunctionalInterface
    public interface CainfoVerifier {
        /**
         * Checks one request.
         *
         * @param infno the transaction number
         * @param signtype the {@code signtype} field ({@code ""} if absent)
         * @param cainfo the {@code cainfo} field ({@code ""} if absent)
         * @param input the {@code input} node as compact JSON
         * @return whether the request is accepted
         */
        boolean verify(String infno, String signtype, String cainfo, String input);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS");
    private static final String JSON_TYPE = "application/json;charset=UTF-8";
    private static final String CLR_TYPE_OUTPATIENT = "11";

    private final SimulatedProvince profile;
    private final Clock clock;
    private final String fixmedinsCode;
    private final String admdvs;
    private final String paasId;
    private final String paasToken;
    private final String accessKey;
    private final String secretKey;
    private final Duration window;
    private final DuplicateMsgid duplicateMsgid;
    private final boolean refuseUnknownReversals;
    private final boolean checkLineTotals;
    private final CainfoVerifier cainfoVerifier;
    private final SecureRandom random = new SecureRandom();
    private final LoopbackHttpServer server;

    // ---- state, guarded by lock ----
    private final Object lock = new Object();
    private final Map<String, PersonState> persons = new LinkedHashMap<>();
    private final Map<String, String> ecTokens = new HashMap<>();
    private final Map<String, ReimbursementPolicy> policies = new HashMap<>();
    private final Map<String, CatalogueItem> catalogue = new HashMap<>();
    private final Map<String, SignIn> signInsByOperator = new HashMap<>();
    private final Map<String, SignIn> signInsByNo = new HashMap<>();
    private final Map<String, Visit> visits = new LinkedHashMap<>();
    private final Map<String, Setl> settlements = new LinkedHashMap<>();
    private final Map<String, String> settlementsByMsgid = new HashMap<>();
    private final Map<String, Reply> repliesByMsgid = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, String> fileNames = new HashMap<>();
    private final List<String> received = new ArrayList<>();
    private final Map<String, Integer> committed = new HashMap<>();
    private long sequence;
    private int reversalsApplied;
    // ---- faults, guarded by lock ----
    private final Deque<Integer> statusFaults = new ArrayDeque<>();
    private int gatewayRejections;
    private final List<InfnoFault> faults = new ArrayList<>();
    private boolean stringInfcode;
    private boolean wrap;

    /** A fault for the next answers to one infno ({@code null}: any). */
    private static final class InfnoFault {
        final String infno;
        final Kind kind;
        final String message;
        final Duration delay;
        int remaining;

        enum Kind { DROP, DELAY, REFUSE, ZERO_WITH_MESSAGE }

        InfnoFault(String infno, Kind kind, int count, String message, Duration delay) {
            this.infno = infno;
            this.kind = kind;
            this.remaining = count;
            this.message = message;
            this.delay = delay;
        }

        boolean matches(String i) {
            return infno == null || infno.equals(i);
        }
    }

    private static final class PersonState {
        SimulatedPerson person;
        long balance;
        final Map<String, Long> deductibleUsed = new HashMap<>();
        final Map<String, Long> fundUsed = new HashMap<>();

        PersonState(SimulatedPerson person) {
            this.person = person;
            this.balance = person.accountBalance().fen();
        }
    }

    private static final class SignIn {
        final String operator;
        final String signNo;
        final LocalDate day;
        final LocalDateTime time;
        boolean valid = true;

        SignIn(String operator, String signNo, LocalDate day, LocalDateTime time) {
            this.operator = operator;
            this.signNo = signNo;
            this.day = day;
            this.time = time;
        }
    }

    private static final class Visit {
        final String mdtrtId;
        final String psnNo;
        final String insutype;
        final String iptOtpNo;
        final String certType;
        final String certNo;
        String medType;
        boolean cancelled;
        final Map<String, Line> lines = new LinkedHashMap<>();
        final Map<String, String> diagnoses = new LinkedHashMap<>();

        Visit(String mdtrtId, String psnNo, String insutype, String iptOtpNo, String certType, String certNo) {
            this.mdtrtId = mdtrtId;
            this.psnNo = psnNo;
            this.insutype = insutype;
            this.iptOtpNo = iptOtpNo;
            this.certType = certType;
            this.certNo = certNo;
        }
    }

    private static final class Line {
        String sn;
        String batch;
        long det;
        BigDecimal cnt;
        BigDecimal pric;
        String code;
        String level;
        int selfPayPercent;
        Long priceCap;
        boolean restricted;
        long fulamt;
        long overlmt;
        long preself;
        long inscp;
        String setlId;
    }

    /** Mutable settlement record. Amount fields in fen. */
    private static final class Setl {
        String setlId;
        String originalSetlId;
        String reverseSetlId;
        String msgid;
        SimulatedSettlement.State state = SimulatedSettlement.State.SETTLED;
        String psnNo;
        String mdtrtId;
        String insutype;
        String medType;
        String certType;
        String clrOptins;
        LocalDateTime time;
        Figures f;
        List<String> lineSns = new ArrayList<>();

        boolean isReverse() {
            return originalSetlId != null;
        }
    }

    private static final class Figures {
        long medfee;
        long fulamt;
        long overlmt;
        long preself;
        long inscp;
        long dedc;
        long hifp;
        long poolSelf;
        long fund;
        long psnPart;
        long acct;
        long cash;
        long hosp;
        long balc;
        long capLeft;

        Figures negate() {
            Figures n = new Figures();
            n.medfee = -medfee;
            n.fulamt = -fulamt;
            n.overlmt = -overlmt;
            n.preself = -preself;
            n.inscp = -inscp;
            n.dedc = -dedc;
            n.hifp = -hifp;
            n.poolSelf = -poolSelf;
            n.fund = -fund;
            n.psnPart = -psnPart;
            n.acct = -acct;
            n.cash = -cash;
            n.hosp = -hosp;
            return n;
        }
    }

    /** A refusal: answered as {@code infcode -1} with the message. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /** A ready answer: an envelope, or the bytes of a 9102 file. */
    private record Reply(ObjectNode envelope, byte[] file, String fileName) {
    }

    private SettlementPlatformSimulator(Builder b) throws IOException {
        this.profile = b.profile;
        this.clock = b.clock;
        this.fixmedinsCode = b.fixmedinsCode;
        this.admdvs = b.admdvs;
        this.paasId = b.paasId;
        this.paasToken = b.paasToken;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.window = b.window;
        this.duplicateMsgid = b.duplicateMsgid;
        this.refuseUnknownReversals = b.refuseUnknownReversals;
        this.checkLineTotals = b.checkLineTotals;
        this.cainfoVerifier = b.cainfoVerifier;
        for (SimulatedPerson p : b.persons) {
            persons.put(p.psnNo(), new PersonState(p));
        }
        policies.put("310", ReimbursementPolicy.employeeDefault());
        policies.put("390", ReimbursementPolicy.residentDefault());
        for (ReimbursementPolicy p : b.policies) {
            policies.put(p.insutype(), p);
        }
        for (CatalogueItem c : defaultCatalogue()) {
            catalogue.put(c.code(), c);
        }
        for (CatalogueItem c : b.catalogue) {
            catalogue.put(c.code(), c);
        }
        server = LoopbackHttpServer.start("yb-settlement-simulator", b.port, this::handle);
    }

    /**
     * Starts a simulator with the defaults: the national profile on any free port.
     *
     * @return the running simulator
     * @throws IOException if no port can be bound
     */
    public static SettlementPlatformSimulator start() throws IOException {
        return builder().start();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder (national profile, default persons, policies and catalogue, any free port)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the default personnel records: the holder of the testkit's example health card (张晓虹, ID
     * {@code 11010519491231002X}, 310 职工, account 500.00 yuan), the holder of the example social security card
     * (same example ID number, card {@code Y00000001}, 310, account 1 523.80 yuan as on the card; found by card, or
     * by ID number with {@code psn_name}), a resident (王建国, {@code 110101198001010010}, 390, no account) and an
     * 异地 person (陈美玲, {@code 440305199205051225}, 390, 参保地 440300).
     *
     * @return the records
     */
    public static List<SimulatedPerson> defaultPersons() {
        return List.of(
                new SimulatedPerson("11000000000000000001", "11010519491231002X", "张晓虹", "2", "01",
                        LocalDate.of(1949, 12, 31), "310", "11", "110100", "北京市虚拟科技有限公司", false,
                        Money.ofFen(50_000), null, null),
                new SimulatedPerson("11000000000000000002", "11010519491231002X", "古丽娜尔·阿不都热合曼·买买提艾力", "2",
                        "05", LocalDate.of(1949, 12, 31), "310", "11", "110100", "北京市虚拟纺织厂", false,
                        Money.ofFen(152_380), "Y00000001", null),
                new SimulatedPerson("11000000000000000003", "110101198001010010", "王建国", "1", "01",
                        LocalDate.of(1980, 1, 1), "390", "21", "110100", "", false, Money.ZERO, null, null),
                new SimulatedPerson("44000000000000000004", "440305199205051225", "陈美玲", "2", "01",
                        LocalDate.of(1992, 5, 5), "390", "21", "440300", "", false, Money.ZERO, null, null));
    }

    /**
     * Returns the default catalogue: {@link #ITEM_CLASS_A}, {@link #ITEM_CLASS_B} (10 % 先行自付),
     * {@link #ITEM_CLASS_C}, {@link #ITEM_PRICE_CAPPED} (限价 20.00) and {@link #ITEM_RESTRICTED}.
     *
     * @return the items
     */
    public static List<CatalogueItem> defaultCatalogue() {
        return List.of(new CatalogueItem(ITEM_CLASS_A, "01", 0, null, false),
                new CatalogueItem(ITEM_CLASS_B, "02", 10, null, false),
                new CatalogueItem(ITEM_CLASS_C, "03", 0, null, false),
                new CatalogueItem(ITEM_PRICE_CAPPED, "01", 0, Money.ofFen(2_000), false),
                new CatalogueItem(ITEM_RESTRICTED, "01", 0, null, true));
    }

    /**
     * Returns the base URI.
     *
     * @return {@code http://127.0.0.1:<port>}, without a trailing slash
     */
    public URI baseUri() {
        return server.baseUri();
    }

    /**
     * Returns the gateway URL a client of this profile is configured with: the base URI, plus {@code /ebus/rio_fsi}
     * for Hebei (whose per-infno paths follow it).
     *
     * @return the URL, without a trailing slash
     */
    public URI gatewayUri() {
        return URI.create(server.baseUri() + profile.gatewayPrefix());
    }

    /**
     * Returns the URL a request for {@code infno} is posted to under this simulator's profile.
     *
     * @param infno the transaction number
     * @return the URL
     */
    public URI endpoint(String infno) {
        return URI.create(server.baseUri() + profile.path(infno));
    }

    /**
     * Returns the profile.
     *
     * @return the profile
     */
    public SimulatedProvince profile() {
        return profile;
    }

    /**
     * Returns the 定点医药机构编号 requests must carry.
     *
     * @return the code
     */
    public String fixmedinsCode() {
        return fixmedinsCode;
    }

    // ---------------------------------------------------------------- records

    /**
     * Adds or replaces a personnel record.
     *
     * @param person the person
     */
    public void addPerson(SimulatedPerson person) {
        Objects.requireNonNull(person, "person");
        synchronized (lock) {
            persons.put(person.psnNo(), new PersonState(person));
        }
    }

    /**
     * Returns a personnel record with its current account balance.
     *
     * @param psnNo 人员编号
     * @return the record, or empty
     */
    public Optional<SimulatedPerson> person(String psnNo) {
        synchronized (lock) {
            PersonState s = persons.get(psnNo);
            return s == null ? Optional.empty() : Optional.of(s.person.withAccountBalance(Money.ofFen(s.balance)));
        }
    }

    /**
     * Makes an e-voucher ecToken (for example one the testkit's voucher simulator issued) identify a person in 1101
     * with {@code mdtrt_cert_type} 01. Tokens stay valid (their lifetime is unknown, reference §8.3).
     *
     * @param ecToken the token
     * @param psnNo the person's 人员编号
     * @throws InvalidInputException if the token is blank or the person unknown
     */
    public void acceptEcToken(String ecToken, String psnNo) {
        if (ecToken == null || ecToken.isBlank()) {
            throw new InvalidInputException("ecToken", "must not be blank");
        }
        synchronized (lock) {
            if (!persons.containsKey(psnNo)) {
                throw new InvalidInputException("psnNo", "no such person: " + psnNo);
            }
            ecTokens.put(ecToken, psnNo);
        }
    }

    /**
     * Returns every settlement record (forward and reverse) in the order made.
     *
     * @return snapshots
     */
    public List<SimulatedSettlement> settlements() {
        synchronized (lock) {
            return settlements.values().stream().map(SettlementPlatformSimulator::snapshot).toList();
        }
    }

    /**
     * Returns one settlement record.
     *
     * @param setlId 结算ID
     * @return the snapshot, or empty
     */
    public Optional<SimulatedSettlement> settlement(String setlId) {
        synchronized (lock) {
            Setl s = settlements.get(setlId);
            return s == null ? Optional.empty() : Optional.of(snapshot(s));
        }
    }

    /**
     * Returns the settlement record a request with this msgid made (its {@code medins_setl_id}).
     *
     * @param msgid the msgid of the 2207 or 2208
     * @return the snapshot, or empty if that request made none
     */
    public Optional<SimulatedSettlement> settlementByMsgid(String msgid) {
        synchronized (lock) {
            String id = settlementsByMsgid.get(msgid);
            return id == null ? Optional.empty() : Optional.of(snapshot(settlements.get(id)));
        }
    }

    /**
     * Returns the number of visits registered and not cancelled.
     *
     * @return the count
     */
    public int activeVisits() {
        synchronized (lock) {
            return (int) visits.values().stream().filter(v -> !v.cancelled).count();
        }
    }

    /**
     * Returns how many 2601 冲正 took effect (undid a settlement or a cancellation); a repeated 2601 for the same
     * {@code omsgid}, or one for an {@code omsgid} never committed, answers success but is not counted.
     *
     * @return the count
     */
    public int reversalsApplied() {
        synchronized (lock) {
            return reversalsApplied;
        }
    }

    /**
     * Returns the infno of every request received (after the gateway let it through), in order.
     *
     * @return a copy
     */
    public List<String> infnosReceived() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /**
     * Waits until {@code count} requests of {@code infno} took effect (answered with success, or processed before
     * their answer was dropped or delayed).
     *
     * @param infno the transaction number
     * @param count how many
     * @param timeout the longest wait
     * @return whether that many took effect in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitCommitted(String infno, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (committed.getOrDefault(infno, 0) < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Checks the amount identities of the reference (§3) on a settlement record.
     *
     * @param s the record
     * @throws IllegalStateException naming the identity that does not hold
     */
    public static void checkIdentities(SimulatedSettlement s) {
        long medfee = s.medfeeSumamt().fen();
        long fund = s.fundPaySumamt().fen();
        long psnPart = s.psnPartAmt().fen();
        identity(medfee == fund + psnPart + s.hospPartAmt().fen(),
                "medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt", s);
        identity(fund == s.hifpPay().fen(), "fund_pay_sumamt = hifp_pay + cvlserv_pay + … + oth_pay", s);
        identity(psnPart == s.acctPay().fen() + s.psnCashPay().fen(), "psn_part_amt = acct_pay + psn_cash_pay", s);
        identity(medfee == s.fulamtOwnpayAmt().fen() + s.overlmtSelfpay().fen() + s.preselfpayAmt().fen()
                + s.inscpScpAmt().fen(),
                "medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt", s);
        identity(s.inscpScpAmt().fen() == s.actPayDedc().fen() + s.hifpPay().fen() + s.poolPropSelfpay().fen(),
                "inscp_scp_amt = act_pay_dedc + hifp_pay + pool_prop_selfpay", s);
        long sign = s.isReverse() ? -1 : 1;
        for (Money m : List.of(s.fulamtOwnpayAmt(), s.overlmtSelfpay(), s.preselfpayAmt(), s.inscpScpAmt(),
                s.actPayDedc(), s.hifpPay(), s.poolPropSelfpay(), s.acctPay(), s.psnCashPay())) {
            identity(m.fen() * sign >= 0, "no amount of the wrong sign", s);
        }
    }

    private static void identity(boolean holds, String identity, SimulatedSettlement s) {
        if (!holds) {
            throw new IllegalStateException("settlement " + s.setlId() + " breaks " + identity + ": " + s);
        }
    }

    // ---------------------------------------------------------------- faults

    /**
     * Processes the next {@code count} requests of {@code infno} but closes the connection instead of answering
     * (commit, then drop: the unknown outcome of §5).
     *
     * @param infno the transaction number, or {@code null} for any
     * @param count how many
     */
    public void dropAnswersAfterCommit(String infno, int count) {
        addFault(new InfnoFault(infno, InfnoFault.Kind.DROP, count, null, null));
    }

    /**
     * Processes the next {@code count} requests of {@code infno} at once and answers them after {@code delay}.
     *
     * @param infno the transaction number, or {@code null} for any
     * @param count how many
     * @param delay the delay, positive
     */
    public void delayAnswers(String infno, int count, Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            throw new InvalidInputException("delay", "must be positive");
        }
        addFault(new InfnoFault(infno, InfnoFault.Kind.DELAY, count, null, delay));
    }

    /**
     * Refuses the next request of {@code infno} with {@code infcode -1} and this {@code err_msg}, doing nothing.
     *
     * @param infno the transaction number, or {@code null} for any
     * @param errMsg the message
     */
    public void refuseNext(String infno, String errMsg) {
        addFault(new InfnoFault(infno, InfnoFault.Kind.REFUSE, 1, Objects.requireNonNull(errMsg, "errMsg"), null));
    }

    /**
     * Answers the next request of {@code infno} with {@code infcode 0}, no output and this {@code err_msg}, doing
     * nothing (as a Hunan reply does, reference §5).
     *
     * @param infno the transaction number, or {@code null} for any
     * @param errMsg the message
     */
    public void succeedWithErrorMessageNext(String infno, String errMsg) {
        addFault(new InfnoFault(infno, InfnoFault.Kind.ZERO_WITH_MESSAGE, 1, Objects.requireNonNull(errMsg,
                "errMsg"), null));
    }

    private void addFault(InfnoFault f) {
        if (f.remaining < 1) {
            throw new InvalidInputException("count", "must be at least 1");
        }
        synchronized (lock) {
            faults.add(f);
        }
    }

    /**
     * Writes {@code infcode} as a string ({@code "0"}, {@code "-1"}) from now on, or as a number again.
     *
     * @param asString {@code true} for strings
     */
    public void infcodeAsString(boolean asString) {
        synchronized (lock) {
            stringInfcode = asString;
        }
    }

    /**
     * Wraps every envelope answer as {@code {"code":0,"type":"success","message":"成功","data":<envelope>}} from now
     * on (the 老格式 of some front-ends), or not.
     *
     * @param wrapped {@code true} to wrap
     */
    public void wrapReplies(boolean wrapped) {
        synchronized (lock) {
            wrap = wrapped;
        }
    }

    /** Makes every {@code sign_no} issued so far invalid; the next 9001 issues new ones. */
    public void expireSignIns() {
        synchronized (lock) {
            for (SignIn s : signInsByNo.values()) {
                s.valid = false;
            }
            signInsByOperator.clear();
        }
    }

    /**
     * Answers the next {@code count} requests with an HTTP status and an empty body, doing nothing.
     *
     * @param count how many
     * @param status the status, for example 502
     */
    public void failNext(int count, int status) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                statusFaults.add(status);
            }
        }
    }

    /**
     * Rejects the next {@code count} requests at the gateway (HTTP 401, {@code {"code":401,"message":"非法用户!"}}),
     * whatever their headers.
     *
     * @param count how many
     */
    public void rejectAtGatewayNext(int count) {
        synchronized (lock) {
            gatewayRejections += count;
        }
    }

    /**
     * Plants a settlement the HIS does not know (中心多): a 甲类 outpatient settlement of {@code medfee} for the person
     * on {@code day} at noon, made by a msgid nobody sent; the account is not used.
     *
     * @param psnNo the person
     * @param medfee the total
     * @param day the settlement day (China time)
     * @return the planted record
     * @throws InvalidInputException if the person is unknown or has no policy
     */
    public SimulatedSettlement plantSettlement(String psnNo, Money medfee, LocalDate day) {
        synchronized (lock) {
            PersonState p = persons.get(psnNo);
            if (p == null) {
                throw new InvalidInputException("psnNo", "no such person: " + psnNo);
            }
            ReimbursementPolicy policy = policies.get(p.person.insutype());
            if (policy == null) {
                throw new InvalidInputException("psnNo", "no policy for insutype " + p.person.insutype());
            }
            Line l = new Line();
            l.det = medfee.fen();
            l.inscp = medfee.fen();
            Figures f = compute(p, policy, List.of(l), false);
            LocalDateTime time = day.atTime(12, 0);
            String msgid = fixmedinsCode + time.format(COMPACT) + String.format("%04d", 9000 + (++sequence % 1000));
            Setl s = newSettlement(p, "PLANTED", p.person.insutype(), "11", "02", f, time, msgid);
            commitSettlement(s, p, List.of());
            return snapshot(s);
        }
    }

    /**
     * Erases a settlement from the platform without telling anyone (the HIS then has one the platform lacks:
     * 医药机构多). Its fee lines stay settled.
     *
     * @param setlId the settlement
     * @return whether it existed
     */
    public boolean eraseSettlement(String setlId) {
        synchronized (lock) {
            Setl s = settlements.remove(setlId);
            if (s != null) {
                settlementsByMsgid.remove(s.msgid);
            }
            return s != null;
        }
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "SettlementPlatformSimulator[" + profile.name() + ", " + baseUri() + "]";
    }

    // ---------------------------------------------------------------- HTTP

    private Answer handle(Exchange exchange) throws InterruptedException {
        Integer status;
        boolean reject;
        synchronized (lock) {
            status = statusFaults.poll();
            reject = status == null && gatewayRejections > 0;
            if (reject) {
                gatewayRejections--;
            }
        }
        if (status != null) {
            return Answer.of(status, null, new byte[0]);
        }
        if (reject) {
            return gatewayRefusal("非法用户!");
        }
        if (!"POST".equals(exchange.method())) {
            return Answer.text(405, JSON_TYPE, "{\"code\":405,\"message\":\"POST only\"}");
        }
        Optional<String> pathInfno = profile.resolve(exchange.rawPath());
        if (pathInfno.isEmpty()) {
            return Answer.text(404, JSON_TYPE, "{\"code\":404,\"message\":\"no such service: "
                    + exchange.rawPath().replace("\"", "") + "\"}");
        }
        String gatewayProblem = checkGateway(exchange, pathInfno.get());
        if (gatewayProblem != null) {
            return gatewayRefusal(gatewayProblem);
        }
        JsonNode envelope;
        byte[] file = null;
        String contentType = Objects.requireNonNullElse(exchange.header("Content-Type"), "").toLowerCase(Locale.ROOT);
        try {
            if (contentType.startsWith("multipart/form-data")) {
                Map<String, byte[]> parts = multipart(exchange);
                byte[] json = parts.get("jsonStr");
                if (json == null) {
                    return envelopeAnswer(refusalEnvelope("报文格式错误: multipart without the jsonStr part"));
                }
                envelope = JSON.readTree(json);
                file = parts.get("file");
            } else {
                envelope = JSON.readTree(exchange.body());
            }
        } catch (IOException e) {
            return envelopeAnswer(refusalEnvelope("报文格式错误 (the body is not JSON)"));
        }
        if (envelope == null || !envelope.isObject()) {
            return envelopeAnswer(refusalEnvelope("报文格式错误 (the body is not a JSON object)"));
        }
        String infno = envelope.path("infno").asText("");
        InfnoFault before = null;
        synchronized (lock) {
            received.add(infno);
            for (Iterator<InfnoFault> it = faults.iterator(); it.hasNext();) {
                InfnoFault f = it.next();
                if ((f.kind == InfnoFault.Kind.REFUSE || f.kind == InfnoFault.Kind.ZERO_WITH_MESSAGE)
                        && f.matches(infno)) {
                    if (--f.remaining == 0) {
                        it.remove();
                    }
                    before = f;
                    break;
                }
            }
        }
        if (before != null) {
            ObjectNode e = before.kind == InfnoFault.Kind.REFUSE ? refusalEnvelope(before.message)
                    : successEnvelope(null);
            if (before.kind == InfnoFault.Kind.ZERO_WITH_MESSAGE) {
                e.put("err_msg", before.message);
                e.putNull("output");
            }
            return envelopeAnswer(e);
        }
        Reply reply;
        synchronized (lock) {
            reply = process((ObjectNode) envelope, pathInfno.get(), file);
        }
        InfnoFault after = null;
        synchronized (lock) {
            for (Iterator<InfnoFault> it = faults.iterator(); it.hasNext();) {
                InfnoFault f = it.next();
                if ((f.kind == InfnoFault.Kind.DROP || f.kind == InfnoFault.Kind.DELAY) && f.matches(infno)) {
                    if (--f.remaining == 0) {
                        it.remove();
                    }
                    after = f;
                    break;
                }
            }
        }
        if (after != null && after.kind == InfnoFault.Kind.DROP) {
            return Answer.DROP;
        }
        if (after != null) {
            Thread.sleep(after.delay.toMillis());
        }
        if (reply.file() != null) {
            return Answer.of(200, "application/octet-stream", reply.file())
                    .withHeader("Content-Disposition", "attachment; filename=\"" + reply.fileName() + "\"");
        }
        return envelopeAnswer(reply.envelope());
    }

    private Answer envelopeAnswer(ObjectNode envelope) {
        boolean asString;
        boolean wrapped;
        synchronized (lock) {
            asString = stringInfcode;
            wrapped = wrap;
        }
        ObjectNode e = envelope.deepCopy();
        if (asString) {
            e.put("infcode", e.path("infcode").asText());
        }
        JsonNode out = e;
        if (wrapped) {
            ObjectNode w = JSON.createObjectNode();
            w.put("code", 0);
            w.put("type", "success");
            w.put("message", "成功");
            w.set("data", e);
            out = w;
        }
        try {
            return Answer.of(200, JSON_TYPE, JSON.writeValueAsBytes(out));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Answer gatewayRefusal(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", 401);
        n.put("message", message);
        return Answer.text(401, JSON_TYPE, n.toString());
    }

    private static Map<String, byte[]> multipart(Exchange exchange) throws IOException {
        String boundary = MultiPart.extractBoundary(exchange.header("Content-Type"));
        if (boundary == null || boundary.isEmpty()) {
            throw new IOException("no multipart boundary");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(8);
        parser.setMaxMemoryFileSize(1 << 20);
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (MultiPartFormData.Parts parts = parser.parse(Content.Source.from(ByteBuffer.wrap(exchange.body())))
                .get(10, TimeUnit.SECONDS)) {
            for (MultiPart.Part part : parts) {
                ByteBuffer b = Content.Source.asByteBuffer(part.getContentSource());
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.putIfAbsent(part.getName(), bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("malformed multipart body: " + e.getMessage(), e);
        }
        return out;
    }

    // ---------------------------------------------------------------- gateway

    private String checkGateway(Exchange x, String pathInfno) {
        long now = clock.millis();
        switch (profile.gateway()) {
            case TIF -> {
                String id = x.header("x-tif-paasid");
                String ts = x.header("x-tif-timestamp");
                String nonce = x.header("x-tif-nonce");
                String sig = x.header("x-tif-signature");
                if (blank(id) || blank(ts) || blank(nonce) || blank(sig)) {
                    return "缺少服务网关的请求头!";
                }
                if (!id.equals(paasId)) {
                    return "非法用户!";
                }
                if (!ts.matches("\\d{1,12}") || Math.abs(now - Long.parseLong(ts) * 1000) > window.toMillis()) {
                    return "签名时间戳超时!";
                }
                String expected = tifSignature(ts, paasToken, nonce);
                if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        sig.getBytes(StandardCharsets.US_ASCII))) {
                    return "签名不一致!";
                }
                return null;
            }
            case CSB -> {
                String name = x.header("_api_name");
                String version = x.header("_api_version");
                String ts = x.header("_api_timestamp");
                String ak = x.header("_api_access_key");
                String sig = x.header("_api_signature");
                if (blank(name) || blank(version) || blank(ts) || blank(ak) || blank(sig)) {
                    return "缺少服务网关的请求头!";
                }
                if (!ak.equals(accessKey)) {
                    return "非法用户!";
                }
                if (!ts.matches("\\d{1,15}") || Math.abs(now - Long.parseLong(ts)) > window.toMillis()) {
                    return "签名时间戳超时!";
                }
                String expected = csbSignature(secretKey, ak, name, ts, version);
                if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        sig.getBytes(StandardCharsets.US_ASCII))) {
                    return "签名不一致!";
                }
                if ("jiangxi".equals(profile.name()) && !name.equals("hsa-fsi-" + pathInfno)) {
                    return "服务名与地址不符!"; // [I]: the gateway's message is unknown
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Lower-case hex SHA-256 of UTF-8(timestamp + token + nonce + timestamp) (reference §1.4). */
    static String tifSignature(String timestamp, String token, String nonce) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((timestamp + token + nonce + timestamp)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Base64 HmacSHA1(SK, "_api_access_key=…&_api_name=…&_api_timestamp=…&_api_version=…") (reference §1.4). */
    static String csbSignature(String sk, String ak, String name, String timestamp, String version) {
        String text = "_api_access_key=" + ak + "&_api_name=" + name + "&_api_timestamp=" + timestamp
                + "&_api_version=" + version;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sk.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    // ---------------------------------------------------------------- envelope

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ChinaTime.ZONE);
    }

    private ObjectNode successEnvelope(JsonNode output) {
        LocalDateTime now = now();
        ObjectNode e = JSON.createObjectNode();
        e.put("infcode", 0);
        e.put("inf_refmsgid", admdvs + now.format(COMPACT) + String.format("%010d", ++sequence % 10_000_000_000L));
        e.put("refmsg_time", now.format(MILLIS));
        e.put("respond_time", now.format(MILLIS));
        e.putNull("err_msg");
        e.putNull("warn_msg");
        e.putNull("cainfo");
        e.putNull("signtype");
        if (output == null) {
            e.putNull("output");
        } else {
            e.set("output", output);
        }
        return e;
    }

    private ObjectNode refusalEnvelope(String message) {
        String now = now().format(MILLIS);
        ObjectNode e = JSON.createObjectNode();
        e.put("infcode", -1);
        e.put("inf_refmsgid", "");
        e.put("refmsg_time", now);
        e.put("respond_time", now);
        e.put("err_msg", message);
        e.putNull("warn_msg");
        e.putNull("output");
        return e;
    }

    /** Handles one envelope under the lock. */
    private Reply process(ObjectNode env, String pathInfno, byte[] file) {
        String infno = env.path("infno").asText("");
        String msgid = env.path("msgid").asText("");
        try {
            required(env, "infno");
            if (!pathInfno.isEmpty() && !pathInfno.equals(infno)) {
                throw new Refusal("交易编号与地址不符: infno " + infno + " posted to the path of " + pathInfno);
            }
            if (pathInfno.isEmpty() && profile.hasFixedPath(infno)) {
                throw new Refusal("交易编号与地址不符: infno " + infno + " must be posted to " + profile.path(infno));
            }
            checkMsgid(msgid);
        } catch (Refusal r) {
            return new Reply(refusalEnvelope(r.getMessage()), null, null);
        }
        Reply first = repliesByMsgid.get(msgid);
        if (repliesByMsgid.containsKey(msgid)) {
            if (duplicateMsgid == DuplicateMsgid.REPLAY && first != null) {
                return first;
            }
            return new Reply(refusalEnvelope(DUPLICATE_MSGID + ": " + msgid), null, null);
        }
        repliesByMsgid.put(msgid, null);
        Reply reply;
        try {
            checkEnvelope(env, infno);
            JsonNode input = env.get("input");
            if (!"9001".equals(infno)) {
                checkSignNo(env);
            }
            checkInsuplc(env, input);
            if (cainfoVerifier != null && !cainfoVerifier.verify(infno, env.path("signtype").asText(""),
                    env.path("cainfo").asText(""), input.toString())) {
                throw new Refusal("数字签名验证失败 (cainfo refused)");
            }
            reply = dispatch(infno, msgid, env, input, file);
            committed.merge(infno, 1, Integer::sum);
            lock.notifyAll();
        } catch (Refusal r) {
            reply = new Reply(refusalEnvelope(r.getMessage()), null, null);
        }
        repliesByMsgid.put(msgid, reply);
        return reply;
    }

    private void checkMsgid(String msgid) throws Refusal {
        if (msgid.length() != 30) {
            throw new Refusal("报文ID格式错误: msgid must be 30 characters, was " + msgid.length());
        }
        if (fixmedinsCode.length() == 12) {
            if (!msgid.startsWith(fixmedinsCode)) {
                throw new Refusal("报文ID格式错误: msgid must start with the fixmedins_code " + fixmedinsCode);
            }
            try {
                LocalDateTime.parse(msgid.substring(12, 26), COMPACT);
            } catch (DateTimeParseException e) {
                throw new Refusal("报文ID格式错误: characters 13-26 of the msgid must be yyyyMMddHHmmss");
            }
            if (!msgid.substring(26).matches("\\d{4}")) {
                throw new Refusal("报文ID格式错误: the msgid must end with a 4-digit sequence");
            }
        }
    }

    private void checkEnvelope(JsonNode env, String infno) throws Refusal {
        for (String f : List.of("mdtrtarea_admvs", "recer_sys_code", "infver", "opter_type", "opter", "opter_name",
                "inf_time", "fixmedins_code", "fixmedins_name")) {
            required(env, f);
        }
        if (!env.path("mdtrtarea_admvs").asText().matches("\\d{6}")) {
            throw new Refusal("参数错误: mdtrtarea_admvs must be 6 digits");
        }
        if (!List.of("1", "2", "3").contains(env.path("opter_type").asText())) {
            throw new Refusal("参数错误: opter_type must be 1, 2 or 3");
        }
        dateTime(env, "inf_time");
        if (!fixmedinsCode.equals(env.path("fixmedins_code").asText())) {
            throw new Refusal("定点医药机构编号不存在: fixmedins_code " + env.path("fixmedins_code").asText());
        }
        if (profile.receiverAdmdvsRequired() && blank(env.path("recer_admvs").asText(""))
                && blank(env.path("recer_admdvs").asText(""))) {
            throw new Refusal("缺少参数: recer_admvs");
        }
        if (!env.path("input").isObject()) {
            throw new Refusal("缺少参数: input");
        }
        if (infno.isEmpty()) {
            throw new Refusal("缺少参数: infno");
        }
    }

    private void checkSignNo(JsonNode env) throws Refusal {
        String no = env.path("sign_no").asText("");
        if (no.isEmpty()) {
            throw new Refusal("缺少参数: sign_no (sign in with 9001 first)");
        }
        SignIn s = signInsByNo.get(no);
        if (s == null || !s.valid || !s.day.equals(now().toLocalDate())) {
            throw new Refusal(SIGN_NO_INVALID + ": sign_no " + no);
        }
        if (!s.operator.equals(env.path("opter").asText(""))) {
            throw new Refusal(SIGN_NO_INVALID + ": sign_no " + no + " belongs to another operator");
        }
    }

    /** {@code insuplc_admdvs} must come with {@code psn_no} (reference §1.1) and be the person's. */
    private void checkInsuplc(JsonNode env, JsonNode input) throws Refusal {
        String psnNo = findPsnNo(input);
        if (psnNo == null) {
            return;
        }
        String insuplc = env.path("insuplc_admdvs").asText("");
        if (insuplc.isEmpty()) {
            throw new Refusal("缺少参数: insuplc_admdvs (required with psn_no)");
        }
        PersonState p = persons.get(psnNo);
        if (p != null && !p.person.insuplcAdmdvs().equals(insuplc)) {
            throw new Refusal("参保地医保区划不符: insuplc_admdvs " + insuplc + " is not the person's");
        }
    }

    private static String findPsnNo(JsonNode input) {
        for (JsonNode node : input) {
            if (node.isObject() && !node.path("psn_no").asText("").isEmpty()) {
                return node.path("psn_no").asText();
            }
            if (node.isArray()) {
                for (JsonNode e : node) {
                    if (!e.path("psn_no").asText("").isEmpty()) {
                        return e.path("psn_no").asText();
                    }
                }
            }
        }
        return null;
    }

    private Reply dispatch(String infno, String msgid, JsonNode env, JsonNode input, byte[] file) throws Refusal {
        ObjectNode out = JSON.createObjectNode();
        switch (infno) {
            case "9001" -> signIn(env, node(input, "signIn"), out);
            case "9002" -> signOut(node(input, "signOut"), out);
            case "1101" -> queryPerson(node(input, "data"), out);
            case "2201" -> register(node(input, "data"), out);
            case "2202" -> cancelRegistration(node(input, "data"));
            case "2203", "2203A" -> uploadVisit(input);
            case "2204" -> uploadFees(input, out);
            case "2205" -> withdrawFees(node(input, "data"));
            case "2206" -> settle(node(input, "data"), msgid, false, out);
            case "2207" -> settle(settlementInput(input), msgid, true, out);
            case "2208" -> cancelSettlement(node(input, "data"), msgid, out);
            case "2601" -> reverse(node(input, "data"));
            case "5203" -> querySettlement(node(input, "data"), out);
            case "3201" -> statementTotals(node(input, "data"), out);
            case "3202" -> statementDetail(node(input, "data"), out);
            case "9101" -> upload(node(input, "fsUploadIn"), file, out);
            case "9102" -> {
                return download(node(input, "fsDownloadIn"));
            }
            default -> throw new Refusal("交易编号不存在: infno " + infno);
        }
        return new Reply(successEnvelope(out), null, null);
    }

    private static JsonNode settlementInput(JsonNode input) throws Refusal {
        if (input.path("data").isObject()) {
            return input.get("data");
        }
        if (input.path("mdtrtinfo").isObject()) {
            return input.get("mdtrtinfo"); // Guangzhou's nested 2207 shape
        }
        throw new Refusal("缺少参数: input.data");
    }

    // ---------------------------------------------------------------- field helpers

    private static JsonNode node(JsonNode input, String name) throws Refusal {
        JsonNode n = input.get(name);
        if (n == null || !n.isObject()) {
            throw new Refusal("缺少参数: input." + name);
        }
        return n;
    }

    private static String required(JsonNode n, String field) throws Refusal {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()) {
            throw new Refusal("缺少参数: " + field);
        }
        return v.asText();
    }

    private static String optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    private static LocalDateTime dateTime(JsonNode n, String field) throws Refusal {
        String text = required(n, field);
        try {
            return LocalDateTime.parse(text, DATETIME);
        } catch (DateTimeParseException e) {
            throw new Refusal("参数格式错误: " + field + " must be yyyy-MM-dd HH:mm:ss, was " + text);
        }
    }

    private static LocalDate date(JsonNode n, String field) throws Refusal {
        String text = required(n, field);
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text, DATE);
        } catch (DateTimeParseException e) {
            throw new Refusal("参数格式错误: " + field + " must be yyyy-MM-dd, was " + text);
        }
    }

    private static BigDecimal decimal(JsonNode n, String field, int scale) throws Refusal {
        String text = required(n, field);
        BigDecimal d;
        try {
            d = n.get(field).isNumber() ? n.get(field).decimalValue() : new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new Refusal("参数格式错误: " + field + " must be a decimal number, was " + text);
        }
        if (d.stripTrailingZeros().scale() > scale) {
            throw new Refusal("参数格式错误: " + field + " has more than " + scale + " decimal places: " + text);
        }
        if (d.precision() - d.scale() > 16) {
            throw new Refusal("参数格式错误: " + field + " is too large");
        }
        return d;
    }

    private static long fen(JsonNode n, String field) throws Refusal {
        return decimal(n, field, 2).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    private static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private PersonState person(JsonNode n) throws Refusal {
        String psnNo = required(n, "psn_no");
        PersonState p = persons.get(psnNo);
        if (p == null) {
            throw new Refusal("人员信息不存在: psn_no " + psnNo);
        }
        return p;
    }

    private Visit visit(JsonNode n, PersonState p) throws Refusal {
        String id = required(n, "mdtrt_id");
        Visit v = visits.get(id);
        if (v == null || !v.psnNo.equals(p.person.psnNo())) {
            throw new Refusal("就诊信息不存在: mdtrt_id " + id);
        }
        return v;
    }

    private String newId(String prefix) {
        return admdvs + now().format(COMPACT) + prefix + String.format("%06d", ++sequence % 1_000_000);
    }

    // ---------------------------------------------------------------- 9001 / 9002 / 1101

    private void signIn(JsonNode env, JsonNode in, ObjectNode out) throws Refusal {
        String operator = required(in, "opter_no");
        LocalDateTime now = now();
        SignIn s = signInsByOperator.get(operator);
        if (s == null || !s.valid || !s.day.equals(now.toLocalDate())) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            s = new SignIn(operator, HexFormat.of().formatHex(b), now.toLocalDate(), now);
            signInsByOperator.put(operator, s);
            signInsByNo.put(s.signNo, s);
        }
        ObjectNode o = out.putObject("signinoutb");
        o.put("sign_time", s.time.format(DATETIME));
        o.put("sign_no", s.signNo);
    }

    private void signOut(JsonNode in, ObjectNode out) throws Refusal {
        String no = required(in, "sign_no");
        String operator = required(in, "opter_no");
        SignIn s = signInsByNo.get(no);
        if (s == null || !s.valid || !s.operator.equals(operator) || !s.day.equals(now().toLocalDate())) {
            throw new Refusal("签退失败: no sign-in today for sign_no " + no + " and operator " + operator);
        }
        s.valid = false;
        signInsByOperator.remove(operator, s);
        out.putObject("signoutoutb").put("sign_time", now().format(DATETIME));
    }

    private void queryPerson(JsonNode in, ObjectNode out) throws Refusal {
        String type = required(in, "mdtrt_cert_type");
        String no = required(in, "mdtrt_cert_no");
        if (profile.voucherHolderFieldsRequired() && "01".equals(type)) { // Hunan (PS QrCodePolicy.HN)
            for (String f : List.of("psn_cert_type", "certno", "psn_name")) {
                required(in, f);
            }
        }
        PersonState found = identify(type, no, optional(in, "card_sn"), optional(in, "psn_name"));
        SimulatedPerson p = found.person;
        ObjectNode base = out.putObject("baseinfo");
        base.put("psn_no", p.psnNo());
        base.put("psn_cert_type", "01");
        base.put("certno", p.certno());
        base.put("psn_name", p.name());
        base.put("gend", p.gender());
        base.put("naty", p.nation());
        base.put("brdy", p.birthDate().format(DATE));
        base.put("age", BigDecimal.valueOf(Period.between(p.birthDate(), now().toLocalDate()).getYears()));
        ObjectNode insu = out.putArray("insuinfo").addObject();
        insu.put("balc", yuan(found.balance));
        insu.put("insutype", p.insutype());
        insu.put("psn_type", p.psnType());
        insu.put("psn_insu_stas", "1");
        insu.put("psn_insu_date", "2010-01-01");
        insu.putNull("paus_insu_date");
        insu.put("cvlserv_flag", p.civilServant() ? "1" : "0");
        insu.put("insuplc_admdvs", p.insuplcAdmdvs());
        insu.put("emp_name", p.empName());
        out.putArray("idetinfo");
    }

    private PersonState identify(String type, String no, String cardSn, String name) throws Refusal {
        switch (type) {
            case "01" -> {
                String psnNo = ecTokens.get(no);
                if (psnNo == null) {
                    throw new Refusal("电子凭证无效或已过期 (unknown ecToken)");
                }
                return persons.get(psnNo);
            }
            case "02" -> {
                PersonState first = null;
                for (PersonState s : persons.values()) {
                    if (s.person.certno().equalsIgnoreCase(no) && (name.isEmpty() || s.person.name().equals(name))) {
                        first = s;
                        break;
                    }
                }
                if (first == null) {
                    throw new Refusal("未查询到人员信息 (no insured person with this ID number" + (name.isEmpty() ? ""
                            : " and psn_name") + ")");
                }
                return first;
            }
            case "03" -> {
                if (cardSn.isEmpty()) {
                    throw new Refusal("缺少参数: card_sn (required with mdtrt_cert_type 03)");
                }
                if (cardSn.length() > 32) {
                    throw new Refusal("参数格式错误: card_sn longer than 32 characters");
                }
                for (PersonState s : persons.values()) {
                    if (no.equals(s.person.cardNumber())) {
                        if (s.person.cardSn() != null && !s.person.cardSn().equalsIgnoreCase(cardSn)) {
                            throw new Refusal("卡识别码不符 (card_sn does not match the card)");
                        }
                        return s;
                    }
                }
                throw new Refusal("未查询到人员信息 (no insured person with this card number)");
            }
            default -> throw new Refusal("参数错误: mdtrt_cert_type must be 01, 02 or 03, was " + type);
        }
    }

    // ---------------------------------------------------------------- 2201 / 2202 / 2203

    private void register(JsonNode in, ObjectNode out) throws Refusal {
        PersonState p = person(in);
        String insutype = required(in, "insutype");
        dateTime(in, "begntime");
        String certType = required(in, "mdtrt_cert_type");
        String certNo = required(in, "mdtrt_cert_no");
        String otp = required(in, "ipt_otp_no");
        for (String f : List.of("atddr_no", "dr_name", "dept_code", "dept_name", "caty")) {
            required(in, f);
        }
        if (!insutype.equals(p.person.insutype())) {
            throw new Refusal("险种类型不符: the person is insured under " + p.person.insutype() + ", not " + insutype);
        }
        if (!credentialOf(p, certType, certNo)) {
            throw new Refusal("就诊凭证与人员不符 (mdtrt_cert_no is not this person's " + certType + " credential)");
        }
        Visit v = new Visit(newId("1"), p.person.psnNo(), insutype, otp, certType, certNo);
        visits.put(v.mdtrtId, v);
        ObjectNode d = out.putObject("data");
        d.put("mdtrt_id", v.mdtrtId);
        d.put("psn_no", v.psnNo);
        d.put("ipt_otp_no", otp);
    }

    private void cancelRegistration(JsonNode in) throws Refusal {
        PersonState p = person(in);
        Visit v = visit(in, p);
        String otp = optional(in, "ipt_otp_no");
        if (!otp.isEmpty() && !otp.equals(v.iptOtpNo)) {
            throw new Refusal("门诊号不符: ipt_otp_no " + otp);
        }
        if (v.cancelled) {
            return;
        }
        if (!v.lines.isEmpty()) {
            throw new Refusal("存在未撤销的费用明细，不能撤销挂号 (withdraw the fee lines with 2205 first; settled ones "
                    + "need 2208)");
        }
        v.cancelled = true;
    }

    private void uploadVisit(JsonNode input) throws Refusal {
        JsonNode info = node(input, "mdtrtinfo");
        PersonState p = person(info);
        Visit v = visit(info, p);
        if (v.cancelled) {
            throw new Refusal("就诊已撤销: mdtrt_id " + v.mdtrtId);
        }
        String medType = required(info, "med_type");
        dateTime(info, "begntime");
        if (profile.diagnosisCodeRequired()) {
            required(info, "dise_codg");
        }
        JsonNode diseases = input.path("diseinfo");
        if (!diseases.isMissingNode() && !diseases.isArray()) {
            throw new Refusal("参数格式错误: diseinfo must be an array");
        }
        Map<String, String> changed = new LinkedHashMap<>(v.diagnoses);
        for (JsonNode d : diseases) {
            String key = required(d, "diag_type") + "/" + required(d, "diag_srt_no");
            required(d, "diag_code");
            required(d, "diag_name");
            if ("0".equals(optional(d, "vali_flag"))) {
                changed.remove(key);
            } else {
                changed.put(key, d.path("diag_code").asText());
            }
        }
        v.medType = medType;
        v.diagnoses.clear();
        v.diagnoses.putAll(changed);
    }

    private boolean credentialOf(PersonState p, String certType, String certNo) throws Refusal {
        return switch (certType) {
            case "01" -> p.person.psnNo().equals(ecTokens.get(certNo));
            case "02" -> p.person.certno().equalsIgnoreCase(certNo);
            case "03" -> certNo.equals(p.person.cardNumber());
            default -> throw new Refusal("参数错误: mdtrt_cert_type must be 01, 02 or 03, was " + certType);
        };
    }

    // ---------------------------------------------------------------- 2204 / 2205

    private void uploadFees(JsonNode input, ObjectNode out) throws Refusal {
        JsonNode lines = input.path("feedetail");
        if (!lines.isArray() || lines.isEmpty()) {
            throw new Refusal("缺少参数: feedetail (a non-empty array)");
        }
        List<Line> parsed = new ArrayList<>();
        List<Visit> owners = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (JsonNode l : lines) {
            PersonState p = person(l);
            Visit v = visit(l, p);
            if (v.cancelled) {
                throw new Refusal("就诊已撤销: mdtrt_id " + v.mdtrtId);
            }
            Line line = new Line();
            line.sn = required(l, "feedetl_sn");
            if (line.sn.length() > 30) {
                throw new Refusal("参数格式错误: feedetl_sn longer than 30 characters");
            }
            if (profile.numericFeeLineSn() && (!line.sn.matches("\\d{1,15}") || line.sn.matches("0+"))) {
                throw new Refusal("参数格式错误: feedetl_sn must be digits only, not 0, at most 15 digits (" + line.sn
                        + ")");
            }
            if (v.lines.containsKey(line.sn) || seen.put(v.mdtrtId + "/" + line.sn, true) != null) {
                throw new Refusal("费用明细流水号重复: feedetl_sn " + line.sn);
            }
            line.batch = required(l, "chrg_bchno");
            for (String f : List.of("rx_circ_flag", "medins_list_codg", "bilg_dept_codg", "bilg_dept_name",
                    "bilg_dr_codg", "bilg_dr_name", "hosp_appr_flag")) {
                required(l, f);
            }
            dateTime(l, "fee_ocur_time");
            line.code = required(l, "med_list_codg");
            line.det = fen(l, "det_item_fee_sumamt");
            line.cnt = decimal(l, "cnt", 4);
            line.pric = decimal(l, "pric", 6);
            if (line.det < 0 || line.cnt.signum() <= 0 || line.pric.signum() < 0) {
                throw new Refusal("参数错误: feedetl_sn " + line.sn + " has a negative amount or a count not above 0");
            }
            if (checkLineTotals) {
                long product = line.pric.multiply(line.cnt).setScale(2, RoundingMode.HALF_UP).movePointRight(2)
                        .longValueExact();
                if (product != line.det) {
                    throw new Refusal("明细总额与单价×数量不符: feedetl_sn " + line.sn + " det_item_fee_sumamt "
                            + yuan(line.det) + " ≠ " + line.pric.toPlainString() + " × " + line.cnt.toPlainString());
                }
            }
            classify(line, optional(l, "hosp_appr_flag"));
            parsed.add(line);
            owners.add(v);
        }
        ArrayNode result = out.putArray("result");
        for (int i = 0; i < parsed.size(); i++) {
            Line line = parsed.get(i);
            owners.get(i).lines.put(line.sn, line);
            ObjectNode r = result.addObject();
            r.put("feedetl_sn", line.sn);
            r.put("det_item_fee_sumamt", yuan(line.det));
            r.put("cnt", line.cnt);
            r.put("pric", line.pric);
            if (line.priceCap == null) {
                r.putNull("pric_uplmt_amt");
            } else {
                r.put("pric_uplmt_amt", yuan(line.priceCap));
            }
            r.put("selfpay_prop", "03".equals(line.level) || line.fulamt > 0 ? BigDecimal.ONE
                    : BigDecimal.valueOf(line.selfPayPercent, 2));
            r.put("fulamt_ownpay_amt", yuan(line.fulamt));
            r.put("overlmt_amt", yuan(line.overlmt));
            r.put("preselfpay_amt", yuan(line.preself));
            r.put("inscp_scp_amt", yuan(line.inscp));
            r.put("chrgitm_lv", line.level);
            r.put("med_chrgitm_type", "");
            r.put("bas_medn_flag", "0");
            r.put("hi_nego_drug_flag", "0");
            r.put("chld_medc_flag", "0");
            r.put("list_sp_item_flag", "0");
            r.put("lmt_used_flag", line.restricted ? "1" : "0");
            r.put("drt_reim_flag", "0");
            r.putNull("memo");
        }
    }

    /** Splits one line into 全自费, 超限价, 先行自付 and 符合范围 by the catalogue. */
    private void classify(Line line, String approval) {
        CatalogueItem item = catalogue.getOrDefault(line.code, new CatalogueItem(line.code, "01", 0, null, false));
        line.level = item.level();
        line.selfPayPercent = "02".equals(item.level()) ? item.selfPayPercent() : 0;
        line.priceCap = item.priceCap() == null ? null : item.priceCap().fen();
        line.restricted = item.restricted();
        boolean ownExpense = "03".equals(item.level()) || (item.restricted() && !"1".equals(approval))
                || (!item.restricted() && "2".equals(approval));
        if (ownExpense) {
            line.fulamt = line.det;
            return;
        }
        long over = 0;
        if (line.priceCap != null) {
            BigDecimal excess = line.pric.subtract(yuan(line.priceCap));
            if (excess.signum() > 0) {
                over = Math.min(line.det, excess.multiply(line.cnt).setScale(2, RoundingMode.HALF_UP)
                        .movePointRight(2).longValueExact());
            }
        }
        long rest = line.det - over;
        line.overlmt = over;
        line.preself = Math.multiplyExact(rest, line.selfPayPercent) / 100;
        line.inscp = rest - line.preself;
    }

    private void withdrawFees(JsonNode in) throws Refusal {
        PersonState p = person(in);
        Visit v = visit(in, p);
        String batch = required(in, "chrg_bchno");
        boolean all = "0000".equals(batch);
        if (!all) {
            for (Line l : v.lines.values()) {
                if (l.batch.equals(batch) && l.setlId != null) {
                    throw new Refusal("费用明细已结算，不能撤销 (chrg_bchno " + batch + " is settled: 2208 first)");
                }
            }
        }
        v.lines.values().removeIf(l -> l.setlId == null && (all || l.batch.equals(batch)));
    }

    // ---------------------------------------------------------------- 2206 / 2207 / 2208 / 2601 / 5203

    private void settle(JsonNode in, String msgid, boolean commit, ObjectNode out) throws Refusal {
        PersonState p = person(in);
        Visit v = visit(in, p);
        if (v.cancelled) {
            throw new Refusal("就诊已撤销: mdtrt_id " + v.mdtrtId);
        }
        String certType = required(in, "mdtrt_cert_type");
        String certNo = required(in, "mdtrt_cert_no");
        if (!credentialOf(p, certType, certNo)) {
            throw new Refusal("就诊凭证与人员不符 (mdtrt_cert_no is not this person's " + certType + " credential)");
        }
        String medType = required(in, "med_type");
        long medfee = fen(in, "medfee_sumamt");
        String setlway = required(in, "psn_setlway");
        if (!"01".equals(setlway) && !"02".equals(setlway)) {
            throw new Refusal("参数错误: psn_setlway must be 01 or 02, was " + setlway);
        }
        String batch = required(in, "chrg_bchno");
        String acctFlag = required(in, "acct_used_flag");
        if (!"0".equals(acctFlag) && !"1".equals(acctFlag)) {
            throw new Refusal("参数错误: acct_used_flag must be 0 or 1, was " + acctFlag);
        }
        String insutype = required(in, "insutype");
        if (!insutype.equals(v.insutype)) {
            throw new Refusal("险种类型不符: the visit is under " + v.insutype + ", not " + insutype);
        }
        ReimbursementPolicy policy = policies.get(insutype);
        if (policy == null) {
            throw new Refusal("该险种无结算政策: insutype " + insutype);
        }
        List<Line> lines = v.lines.values().stream()
                .filter(l -> l.setlId == null && ("0000".equals(batch) || l.batch.equals(batch))).toList();
        if (lines.isEmpty()) {
            throw new Refusal("无待结算的费用明细: mdtrt_id " + v.mdtrtId + " chrg_bchno " + batch);
        }
        long sum = lines.stream().mapToLong(l -> l.det).sum();
        if (sum != medfee) {
            throw new Refusal("医疗费总额与明细不符: medfee_sumamt " + yuan(medfee) + " ≠ Σ det_item_fee_sumamt "
                    + yuan(sum));
        }
        Figures f = compute(p, policy, lines, "1".equals(acctFlag));
        Setl s = newSettlement(p, v.mdtrtId, insutype, medType, certType, f, now(), msgid);
        if (commit) {
            commitSettlement(s, p, lines);
        } else {
            checkIdentities(snapshot(s));
        }
        describe(s, out, commit, false);
    }

    /** Applies the policy; all sums in fen. */
    private static Figures compute(PersonState p, ReimbursementPolicy policy, List<Line> lines, boolean useAccount) {
        Figures f = new Figures();
        for (Line l : lines) {
            f.medfee += l.det;
            f.fulamt += l.fulamt;
            f.overlmt += l.overlmt;
            f.preself += l.preself;
            f.inscp += l.inscp;
        }
        String insutype = policy.insutype();
        long deductibleLeft = Math.max(0, policy.deductible().fen() - p.deductibleUsed.getOrDefault(insutype, 0L));
        f.dedc = Math.min(f.inscp, deductibleLeft);
        long base = f.inscp - f.dedc;
        long capLeft = Math.max(0, policy.annualCap().fen() - p.fundUsed.getOrDefault(insutype, 0L));
        f.hifp = Math.min(Math.multiplyExact(base, policy.fundPercent()) / 100, capLeft);
        f.capLeft = capLeft - f.hifp;
        f.poolSelf = base - f.hifp;
        f.fund = f.hifp;
        f.hosp = 0;
        f.psnPart = f.medfee - f.fund - f.hosp;
        long accountable = policy.accountPaysOwnExpense() ? f.psnPart : f.dedc + f.preself + f.poolSelf;
        f.acct = useAccount ? Math.min(p.balance, accountable) : 0;
        f.cash = f.psnPart - f.acct;
        f.balc = p.balance - f.acct;
        return f;
    }

    private Setl newSettlement(PersonState p, String mdtrtId, String insutype, String medType, String certType,
            Figures f, LocalDateTime time, String msgid) {
        Setl s = new Setl();
        s.setlId = newId("2");
        s.msgid = msgid;
        s.psnNo = p.person.psnNo();
        s.mdtrtId = mdtrtId;
        s.insutype = insutype;
        s.medType = medType;
        s.certType = certType;
        s.clrOptins = p.person.insuplcAdmdvs();
        s.time = time;
        s.f = f;
        return s;
    }

    private void commitSettlement(Setl s, PersonState p, List<Line> lines) {
        checkIdentities(snapshot(s));
        p.balance -= s.f.acct;
        p.deductibleUsed.merge(s.insutype, s.f.dedc, Long::sum);
        p.fundUsed.merge(s.insutype, s.f.hifp, Long::sum);
        for (Line l : lines) {
            l.setlId = s.setlId;
            s.lineSns.add(l.sn);
        }
        settlements.put(s.setlId, s);
        settlementsByMsgid.put(s.msgid, s.setlId);
    }

    /** Gives back what a settlement took: account, deductible, fund, and its lines become unsettled. */
    private void undoEffects(Setl s) {
        PersonState p = persons.get(s.psnNo);
        if (p != null) {
            p.balance += s.f.acct;
            p.deductibleUsed.merge(s.insutype, -s.f.dedc, Long::sum);
            p.fundUsed.merge(s.insutype, -s.f.hifp, Long::sum);
        }
        Visit v = visits.get(s.mdtrtId);
        if (v != null) {
            for (String sn : s.lineSns) {
                Line l = v.lines.get(sn);
                if (l != null && s.setlId.equals(l.setlId)) {
                    l.setlId = null;
                }
            }
        }
    }

    /** Takes again what a settlement took (a 2208 undone by 2601). */
    private void redoEffects(Setl s) {
        PersonState p = persons.get(s.psnNo);
        if (p != null) {
            p.balance -= s.f.acct;
            p.deductibleUsed.merge(s.insutype, s.f.dedc, Long::sum);
            p.fundUsed.merge(s.insutype, s.f.hifp, Long::sum);
        }
        Visit v = visits.get(s.mdtrtId);
        if (v != null) {
            for (String sn : s.lineSns) {
                Line l = v.lines.get(sn);
                if (l != null) {
                    l.setlId = s.setlId;
                }
            }
        }
    }

    private void cancelSettlement(JsonNode in, String msgid, ObjectNode out) throws Refusal {
        PersonState p = person(in);
        String setlId = required(in, "setl_id");
        String mdtrtId = required(in, "mdtrt_id");
        Setl s = settlements.get(setlId);
        if (s == null || s.isReverse() || !s.psnNo.equals(p.person.psnNo()) || !s.mdtrtId.equals(mdtrtId)
                || s.state == SimulatedSettlement.State.REVERSED) {
            throw new Refusal("结算信息不存在: setl_id " + setlId);
        }
        if (s.state == SimulatedSettlement.State.CANCELLED) {
            throw new Refusal("该结算已撤销: setl_id " + setlId);
        }
        undoEffects(s);
        s.state = SimulatedSettlement.State.CANCELLED;
        Setl r = new Setl();
        r.setlId = newId("3");
        r.originalSetlId = s.setlId;
        r.msgid = msgid;
        r.psnNo = s.psnNo;
        r.mdtrtId = s.mdtrtId;
        r.insutype = s.insutype;
        r.medType = s.medType;
        r.certType = s.certType;
        r.clrOptins = s.clrOptins;
        r.time = now();
        r.f = s.f.negate();
        r.f.balc = p.balance;
        r.f.capLeft = s.f.capLeft + s.f.hifp;
        checkIdentities(snapshot(r));
        s.reverseSetlId = r.setlId;
        settlements.put(r.setlId, r);
        settlementsByMsgid.put(msgid, r.setlId);
        describe(r, out, true, true);
    }

    private void reverse(JsonNode in) throws Refusal {
        PersonState p = person(in);
        String omsgid = required(in, "omsgid");
        String oinfno = required(in, "oinfno");
        if (!"2207".equals(oinfno) && !"2208".equals(oinfno)) {
            throw new Refusal("该交易不支持冲正: oinfno " + oinfno);
        }
        if (!repliesByMsgid.containsKey(omsgid) && refuseUnknownReversals) {
            throw new Refusal("原交易不存在: omsgid " + omsgid);
        }
        String id = settlementsByMsgid.get(omsgid);
        if (id == null) {
            return; // never committed (or already reversed): nothing to undo
        }
        Setl s = settlements.get(id);
        if (!s.psnNo.equals(p.person.psnNo())) {
            throw new Refusal("冲正人员不符: omsgid " + omsgid + " is another person's");
        }
        if ("2207".equals(oinfno)) {
            if (s.isReverse()) {
                throw new Refusal("原交易编号不符: omsgid " + omsgid + " is a 2208");
            }
            if (s.state == SimulatedSettlement.State.REVERSED) {
                return;
            }
            if (s.state == SimulatedSettlement.State.CANCELLED) {
                throw new Refusal("该结算已撤销，不能冲正: setl_id " + s.setlId);
            }
            undoEffects(s);
            s.state = SimulatedSettlement.State.REVERSED;
            reversalsApplied++;
        } else {
            if (!s.isReverse()) {
                throw new Refusal("原交易编号不符: omsgid " + omsgid + " is a 2207");
            }
            if (s.state == SimulatedSettlement.State.REVERSED) {
                return;
            }
            Setl original = settlements.get(s.originalSetlId);
            s.state = SimulatedSettlement.State.REVERSED;
            reversalsApplied++;
            if (original != null) {
                original.state = SimulatedSettlement.State.SETTLED;
                original.reverseSetlId = null;
                redoEffects(original);
            }
        }
    }

    private void querySettlement(JsonNode in, ObjectNode out) throws Refusal {
        PersonState p = person(in);
        String setlId = required(in, "setl_id");
        Setl s = settlements.get(setlId);
        String mdtrtId = optional(in, "mdtrt_id");
        if (s == null || !s.psnNo.equals(p.person.psnNo()) || s.state == SimulatedSettlement.State.REVERSED
                || !mdtrtId.isEmpty() && !mdtrtId.equals(s.mdtrtId)) {
            throw new Refusal("结算信息不存在: setl_id " + setlId);
        }
        describe(s, out, true, s.isReverse());
        ((ObjectNode) out.get("setlinfo")).put("refd_setl_flag", s.isReverse()
                || s.state == SimulatedSettlement.State.CANCELLED ? "1" : "0");
    }

    /** Writes {@code setlinfo} and {@code setldetail}. */
    private void describe(Setl s, ObjectNode out, boolean withSetlId, boolean reverse) {
        PersonState ps = persons.get(s.psnNo);
        SimulatedPerson p = ps == null ? null : ps.person;
        Figures f = s.f;
        ObjectNode i = out.putObject("setlinfo");
        i.put("mdtrt_id", s.mdtrtId);
        if (withSetlId) {
            i.put("setl_id", s.setlId);
        }
        i.put("psn_no", s.psnNo);
        i.put("psn_name", p == null ? "" : p.name());
        i.put("psn_cert_type", "01");
        i.put("certno", p == null ? "" : p.certno());
        i.put("gend", p == null ? "" : p.gender());
        i.put("naty", p == null ? "" : p.nation());
        i.put("brdy", p == null ? "" : p.birthDate().format(DATE));
        i.put("age", p == null ? BigDecimal.ZERO
                : BigDecimal.valueOf(Period.between(p.birthDate(), s.time.toLocalDate()).getYears()));
        i.put("insutype", s.insutype);
        i.put("psn_type", p == null ? "" : p.psnType());
        i.put("cvlserv_flag", p != null && p.civilServant() ? "1" : "0");
        i.put("setl_time", s.time.format(DATETIME));
        i.put("mdtrt_cert_type", s.certType);
        i.put("med_type", s.medType);
        i.put("medfee_sumamt", yuan(f.medfee));
        i.put("fulamt_ownpay_amt", yuan(f.fulamt));
        i.put("overlmt_selfpay", yuan(f.overlmt));
        i.put("preselfpay_amt", yuan(f.preself));
        i.put("inscp_scp_amt", yuan(f.inscp));
        i.put("act_pay_dedc", yuan(f.dedc));
        i.put("hifp_pay", yuan(f.hifp));
        i.put("pool_prop_selfpay", yuan(f.poolSelf));
        i.put("cvlserv_pay", yuan(0));
        i.put("hifes_pay", yuan(0));
        i.put("hifmi_pay", yuan(0));
        i.put("hifob_pay", yuan(0));
        i.put("maf_pay", yuan(0));
        i.put("oth_pay", yuan(0));
        i.put("fund_pay_sumamt", yuan(f.fund));
        i.put("psn_part_amt", yuan(f.psnPart));
        i.put("acct_pay", yuan(f.acct));
        i.put(reverse ? "pdn_cash_pay" : "psn_cash_pay", yuan(f.cash));
        i.put("hosp_part_amt", yuan(f.hosp));
        i.put("balc", yuan(f.balc));
        i.put("acct_mulaid_pay", yuan(0));
        i.put("medins_setl_id", s.msgid);
        i.put("clr_optins", s.clrOptins);
        i.put("clr_way", "1");
        i.put("clr_type", CLR_TYPE_OUTPATIENT);
        i.put("psn_pay", yuan(f.psnPart)); // an extra key real replies carry; clients must ignore unknown keys
        ArrayNode detail = out.putArray("setldetail");
        ObjectNode fund = detail.addObject();
        fund.put("fund_pay_type", s.insutype + "100");
        fund.put("inscp_scp_amt", yuan(f.inscp));
        fund.put("crt_payb_lmt_amt", yuan(f.capLeft));
        fund.put("fund_payamt", yuan(f.hifp));
        fund.put("fund_pay_type_name", "310".equals(s.insutype) ? "职工基本医疗保险统筹基金"
                : "城乡居民基本医疗保险基金");
        fund.put("setl_proc_info", "");
        if (f.acct != 0) {
            ObjectNode acct = detail.addObject();
            acct.put("fund_pay_type", "310200");
            acct.put("inscp_scp_amt", yuan(0));
            acct.put("crt_payb_lmt_amt", yuan(0));
            acct.put("fund_payamt", yuan(f.acct));
            acct.put("fund_pay_type_name", "职工基本医疗保险个人账户");
            acct.put("setl_proc_info", "");
        }
    }

    private static SimulatedSettlement snapshot(Setl s) {
        Figures f = s.f;
        return new SimulatedSettlement(s.setlId, s.originalSetlId, s.msgid, s.state, s.psnNo, s.mdtrtId, s.insutype,
                s.medType, s.clrOptins, s.time, Money.ofFen(f.medfee), Money.ofFen(f.fulamt), Money.ofFen(f.overlmt),
                Money.ofFen(f.preself), Money.ofFen(f.inscp), Money.ofFen(f.dedc), Money.ofFen(f.hifp),
                Money.ofFen(f.poolSelf), Money.ofFen(f.fund), Money.ofFen(f.psnPart), Money.ofFen(f.acct),
                Money.ofFen(f.cash), Money.ofFen(f.hosp), Money.ofFen(f.balc));
    }

    // ---------------------------------------------------------------- 3201 / 3202 / 9101 / 9102

    /** The records a statement covers (see the class comment for {@code refd_setl_flag}). */
    private List<Setl> statementRecords(String optins, String clrType, String insutype, LocalDate from, LocalDate to,
            String refdFlag) {
        boolean withRefunds = "1".equals(refdFlag);
        List<Setl> out = new ArrayList<>();
        for (Setl s : settlements.values()) {
            LocalDate day = s.time.toLocalDate();
            if (s.state == SimulatedSettlement.State.REVERSED || day.isBefore(from) || day.isAfter(to)
                    || !s.clrOptins.equals(optins) || !CLR_TYPE_OUTPATIENT.equals(clrType)
                    || insutype != null && !s.insutype.equals(insutype)) {
                continue;
            }
            if (withRefunds || !s.isReverse() && s.state == SimulatedSettlement.State.SETTLED) {
                out.add(s);
            }
        }
        return out;
    }

    private void statementTotals(JsonNode in, ObjectNode out) throws Refusal {
        String insutype = required(in, "insutype");
        String clrType = required(in, "clr_type");
        String optins = required(in, "setl_optins");
        LocalDate from = date(in, "stmt_begndate");
        LocalDate to = date(in, "stmt_enddate");
        long medfee = fen(in, "medfee_sumamt");
        long fund = fen(in, "fund_pay_sumamt");
        long acct = fen(in, "acct_pay");
        String countText = required(in, "fixmedins_setl_cnt");
        if (!countText.matches("\\d{1,9}")) {
            throw new Refusal("参数格式错误: fixmedins_setl_cnt must be a whole number, was " + countText);
        }
        String refd = optional(in, "refd_setl_flag");
        List<Setl> records = statementRecords(optins, clrType, insutype, from, to, refd);
        long m = 0;
        long fu = 0;
        long a = 0;
        for (Setl s : records) {
            m += s.f.medfee;
            fu += s.f.fund;
            a += s.f.acct;
        }
        boolean balanced = m == medfee && fu == fund && a == acct && records.size() == Long.parseLong(countText);
        ObjectNode o = out.putObject("stmtinfo");
        o.put("setl_optins", optins);
        o.put("stmt_rslt", balanced ? "0" : "1");
        o.put("stmt_rslt_dscr", balanced ? "平" : "不平: 中心 medfee_sumamt " + yuan(m) + ", fund_pay_sumamt "
                + yuan(fu) + ", acct_pay " + yuan(a) + ", fixmedins_setl_cnt " + records.size());
    }

    private void statementDetail(JsonNode in, ObjectNode out) throws Refusal {
        String optins = required(in, "setl_optins");
        String fileNo = required(in, "file_qury_no");
        LocalDate from = date(in, "stmt_begndate");
        LocalDate to = date(in, "stmt_enddate");
        fen(in, "medfee_sumamt");
        fen(in, "fund_pay_sumamt");
        fen(in, "cash_payamt");
        required(in, "fixmedins_setl_cnt");
        String clrType = optional(in, "clr_type").isEmpty() ? CLR_TYPE_OUTPATIENT : optional(in, "clr_type");
        String refd = optional(in, "refd_setl_flag");
        byte[] uploaded = files.get(fileNo);
        if (uploaded == null) {
            throw new Refusal("文件查询号不存在: file_qury_no " + fileNo);
        }
        List<String[]> hisLines = parseStatementFile(uploaded);
        List<Setl> records = statementRecords(optins, clrType, null, from, to, refd);
        Map<String, Setl> unmatched = new LinkedHashMap<>();
        for (Setl s : records) {
            unmatched.put(s.setlId, s);
        }
        boolean binary = profile.binaryDetailResult();
        StringBuilder result = new StringBuilder();
        for (String[] h : hisLines) {
            String setlId = h[0];
            boolean reverseLine = "1".equals(h[6]);
            Setl s = unmatched.get(setlId);
            if (s != null && s.isReverse() != reverseLine) {
                s = null;
            }
            if (s == null && reverseLine) {
                Setl original = settlements.get(setlId);
                if (original != null && original.reverseSetlId != null) {
                    s = unmatched.get(original.reverseSetlId);
                }
            }
            if (s == null) {
                resultLine(result, h[2], h[1], setlId, null, binary ? "1" : "2", h[6], "医药机构多",
                        h[3], h[4], h[5]);
                continue;
            }
            unmatched.remove(s.setlId);
            // a reverse line may be written with negative or positive amounts (unknown, reference §8.8): both match
            long sign = s.isReverse() && amount(h[3]) > 0 ? -1 : 1;
            boolean same = sign * amount(h[3]) == s.f.medfee && sign * amount(h[4]) == s.f.fund
                    && sign * amount(h[5]) == s.f.acct;
            resultLine(result, s.psnNo, s.mdtrtId, s.setlId, s.msgid, same ? "0" : binary ? "1" : "3",
                    s.isReverse() ? "1" : "0", same ? "平" : "数据不一致", yuan(s.f.medfee).toPlainString(),
                    yuan(s.f.fund).toPlainString(), yuan(s.f.acct).toPlainString());
        }
        for (Setl s : unmatched.values()) {
            resultLine(result, s.psnNo, s.mdtrtId, s.setlId, s.msgid, "1", s.isReverse() ? "1" : "0", "中心多",
                    yuan(s.f.medfee).toPlainString(), yuan(s.f.fund).toPlainString(), yuan(s.f.acct).toPlainString());
        }
        String resultNo = newId("9");
        String name = resultNo + ".txt";
        files.put(resultNo, zip(name, result.toString().getBytes(StandardCharsets.UTF_8)));
        fileNames.put(resultNo, resultNo + ".zip");
        ObjectNode o = out.putObject("fileinfo");
        o.put("file_qury_no", resultNo);
        o.put("filename", resultNo + ".zip");
        o.put("dld_endtime", now().plusDays(1).format(DATETIME));
    }

    private static void resultLine(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            out.append(fields[i] == null || fields[i].isEmpty() ? "null" : fields[i]);
        }
        out.append('\n');
    }

    private static long amount(String yuan) {
        try {
            return new BigDecimal(yuan.strip()).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY)
                    .longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MIN_VALUE; // not an amount: never equal
        }
    }

    /** Reads the HIS's statement file: zip (first entry) or plain UTF-8 text; 7 TAB-separated fields a line. */
    private static List<String[]> parseStatementFile(byte[] bytes) throws Refusal {
        byte[] text = bytes;
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                ZipEntry e = z.getNextEntry();
                if (e == null) {
                    throw new Refusal("对账文件为空 (the zip has no entry)");
                }
                text = z.readNBytes(1 << 20);
            } catch (IOException e) {
                throw new Refusal("对账文件格式错误 (not a readable zip)");
            }
        }
        List<String[]> out = new ArrayList<>();
        int n = 0;
        for (String line : new String(text, StandardCharsets.UTF_8).split("\r?\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new Refusal("对账文件格式错误: line " + n + " has " + f.length + " fields, expected 7 "
                        + "(setl_id, mdtrt_id, psn_no, medfee_sumamt, fund_pay_sumamt, acct_pay, refd_setl_flag)");
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].strip();
            }
            out.add(f);
        }
        return out;
    }

    private static byte[] zip(String entry, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content);
            z.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void upload(JsonNode in, byte[] multipartFile, ObjectNode out) throws Refusal {
        String name = required(in, "filename");
        String code = optional(in, "fixmedins_code");
        if (!code.isEmpty() && !code.equals(fixmedinsCode)) {
            throw new Refusal("定点医药机构编号不符: fsUploadIn.fixmedins_code " + code);
        }
        byte[] content;
        JsonNode data = in.get("in");
        if (multipartFile != null) {
            content = multipartFile;
        } else if (data != null && data.isTextual()) {
            try {
                content = Base64.getMimeDecoder().decode(data.asText());
            } catch (IllegalArgumentException e) {
                throw new Refusal("参数格式错误: fsUploadIn.in is not Base64");
            }
        } else if (data != null && data.isArray()) {
            content = new byte[data.size()];
            for (int i = 0; i < data.size(); i++) {
                JsonNode b = data.get(i);
                if (!b.canConvertToInt() || b.asInt() < -128 || b.asInt() > 255) {
                    throw new Refusal("参数格式错误: fsUploadIn.in[" + i + "] is not a byte");
                }
                content[i] = (byte) b.asInt();
            }
        } else {
            throw new Refusal("缺少参数: fsUploadIn.in (Base64 text, a byte array, or a multipart file part)");
        }
        if (content.length == 0) {
            throw new Refusal("文件为空: fsUploadIn.in");
        }
        String no = newId("8");
        files.put(no, content);
        fileNames.put(no, name);
        out.put("file_qury_no", no);
        out.put("filename", name);
        out.put("dld_endtime", now().plusDays(1).format(DATETIME));
    }

    private Reply download(JsonNode in) throws Refusal {
        String no = required(in, "file_qury_no");
        byte[] content = files.get(no);
        if (content == null) {
            throw new Refusal("文件查询号不存在: file_qury_no " + no);
        }
        String name = optional(in, "filename").isEmpty() ? fileNames.get(no) : optional(in, "filename");
        return new Reply(null, content.clone(), name.replace("\"", ""));
    }

    /**
     * Builds and starts a {@link SettlementPlatformSimulator}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private SimulatedProvince profile = SimulatedProvince.NATIONAL;
        private int port;
        private Clock clock = ChinaTime.systemClock();
        private String fixmedinsCode = DEFAULT_FIXMEDINS_CODE;
        private String admdvs = DEFAULT_ADMDVS;
        private String paasId = DEVELOPMENT_PAAS_ID;
        private String paasToken = DEVELOPMENT_PAAS_TOKEN;
        private String accessKey = DEVELOPMENT_ACCESS_KEY;
        private String secretKey = DEVELOPMENT_SECRET_KEY;
        private Duration window = Duration.ofMinutes(30);
        private DuplicateMsgid duplicateMsgid = DuplicateMsgid.REFUSE;
        private boolean refuseUnknownReversals;
        private boolean checkLineTotals = true;
        private CainfoVerifier cainfoVerifier;
        private final List<SimulatedPerson> persons = new ArrayList<>(defaultPersons());
        private final List<ReimbursementPolicy> policies = new ArrayList<>();
        private final List<CatalogueItem> catalogue = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the province profile (default {@link SimulatedProvince#NATIONAL}).
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder profile(SimulatedProvince profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * Sets the province profile by name.
         *
         * @param name {@code national}, {@code guangdong}, {@code hebei}, {@code hunan} or {@code jiangxi}
         * @return this builder
         * @throws InvalidInputException if there is no such profile
         */
        public Builder profile(String name) {
            this.profile = SimulatedProvince.named(name);
            return this;
        }

        /**
         * Sets the port (default 0: any free port).
         *
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the clock of sign-in days, settlement times and the gateway timestamp window (default the system
         * clock in China time).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the 定点医药机构编号 requests must carry (default {@link #DEFAULT_FIXMEDINS_CODE}).
         *
         * @param code the code; a 12-character code also fixes the first 12 characters of every msgid
         * @return this builder
         */
        public Builder fixmedinsCode(String code) {
            this.fixmedinsCode = code;
            return this;
        }

        /**
         * Sets the platform's 医保区划 (default {@link #DEFAULT_ADMDVS}).
         *
         * @param admdvs 6 digits
         * @return this builder
         */
        public Builder admdvs(String admdvs) {
            this.admdvs = admdvs;
            return this;
        }

        /**
         * Sets the TIF credentials (defaults {@link #DEVELOPMENT_PAAS_ID}, {@link #DEVELOPMENT_PAAS_TOKEN}).
         *
         * @param paasId {@code x-tif-paasid}
         * @param paasToken the token signatures are made with
         * @return this builder
         */
        public Builder tifCredentials(String paasId, String paasToken) {
            this.paasId = paasId;
            this.paasToken = paasToken;
            return this;
        }

        /**
         * Sets the CSB credentials (defaults {@link #DEVELOPMENT_ACCESS_KEY}, {@link #DEVELOPMENT_SECRET_KEY}).
         *
         * @param accessKey {@code _api_access_key}
         * @param secretKey the HmacSHA1 key
         * @return this builder
         */
        public Builder csbCredentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /**
         * Sets how far a gateway timestamp may be from the simulator clock, either way (default 30 minutes, the
         * CSB default of the reference; the TIF window is unknown).
         *
         * @param window positive
         * @return this builder
         */
        public Builder gatewayTimestampWindow(Duration window) {
            this.window = window;
            return this;
        }

        /**
         * Sets what a repeated msgid gets (default {@link DuplicateMsgid#REFUSE}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder duplicateMsgid(DuplicateMsgid policy) {
            this.duplicateMsgid = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Makes 2601 refuse an {@code omsgid} the simulator never received (default: success, nothing undone).
         *
         * @param refuse {@code true} to refuse
         * @return this builder
         */
        public Builder refuseUnknownReversals(boolean refuse) {
            this.refuseUnknownReversals = refuse;
            return this;
        }

        /**
         * Sets whether 2204 checks {@code det_item_fee_sumamt} = {@code pric × cnt} (rounded half-up to fen;
         * default on).
         *
         * @param check {@code true} to check
         * @return this builder
         */
        public Builder checkLineTotals(boolean check) {
            this.checkLineTotals = check;
            return this;
        }

        /**
         * Sets a verifier of {@code cainfo} (default none: {@code cainfo} is ignored).
         *
         * @param verifier the verifier
         * @return this builder
         */
        public Builder cainfoVerifier(CainfoVerifier verifier) {
            this.cainfoVerifier = verifier;
            return this;
        }

        /**
         * Adds a person (a person with the {@code psnNo} of an earlier one replaces it).
         *
         * @param person the person
         * @return this builder
         */
        public Builder person(SimulatedPerson person) {
            Objects.requireNonNull(person, "person");
            persons.removeIf(p -> p.psnNo().equals(person.psnNo()));
            persons.add(person);
            return this;
        }

        /**
         * Drops the {@link #defaultPersons()} (the persons added so far).
         *
         * @return this builder
         */
        public Builder withoutDefaultPersons() {
            persons.clear();
            return this;
        }

        /**
         * Sets the policy of one insurance type (defaults: {@link ReimbursementPolicy#employeeDefault()},
         * {@link ReimbursementPolicy#residentDefault()}; other types have none and cannot settle).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(ReimbursementPolicy policy) {
            policies.add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Adds or replaces a catalogue item (the {@link #defaultCatalogue()} is always there).
         *
         * @param item the item
         * @return this builder
         */
        public Builder catalogueItem(CatalogueItem item) {
            catalogue.add(Objects.requireNonNull(item, "item"));
            return this;
        }

        /**
         * Starts the simulator.
         *
         * @return the running simulator
         * @throws IOException if the port cannot be bound
         * @throws InvalidInputException naming a missing or malformed setting
         */
        public SettlementPlatformSimulator start() throws IOException {
            if (blank(fixmedinsCode) || fixmedinsCode.length() > 12) {
                throw new InvalidInputException("fixmedinsCode", "must be 1 to 12 characters");
            }
            if (admdvs == null || !admdvs.matches("\\d{6}")) {
                throw new InvalidInputException("admdvs", "must be 6 digits");
            }
            if (blank(paasId) || blank(paasToken)) {
                throw new InvalidInputException("tifCredentials", "must not be blank");
            }
            if (blank(accessKey) || blank(secretKey)) {
                throw new InvalidInputException("csbCredentials", "must not be blank");
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new InvalidInputException("gatewayTimestampWindow", "must be positive");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidInputException("port", "must be 0 to 65535");
            }
            return new SettlementPlatformSimulator(this);
        }
    }
}
