package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import io.yikatong.payment.journal.LegacyJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yikatong pay query} on the journal directory of an earlier version, whose facts are in event details: the
 * journal is upgraded when the command opens it and the outcome shows the recorded decline, code URL and split.
 */
class PayCliUpgradedJournalTest {

    @TempDir
    Path dir;

    private static JsonNode cli(int expectedStatus, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new YikatongCli().run(List.of(args), new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(expectedStatus, status, err.toString(StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** Writes an order as the earlier journal did: its row in {@code state} and one event per state passed. */
    private static void old(Connection c, String no, String channel, long fen, String state, String tradeNo,
            String... stateAndDetail) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO yk_payment VALUES "
                + "(?, ?, ?, '门诊缴费', ?, ?, 1, 0, 1, 1, ?, ?)")) {
            ps.setString(1, no);
            ps.setString(2, channel);
            ps.setLong(3, fen);
            ps.setString(4, state);
            ps.setString(5, tradeNo);
            ps.setObject(6, "PAID".equals(state) ? 1L : null);
            ps.setLong(7, stateAndDetail.length / 2);
            ps.executeUpdate();
        }
        String from = "CREATED";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO yk_journal_event (merchant_order_no, kind, "
                + "source, from_state, to_state, instance_name, at_millis, detail) "
                + "VALUES (?, ?, ?, ?, ?, 'his-old', 1, ?)")) {
            ps.setString(1, no);
            ps.setString(2, "CREATED");
            ps.setString(3, "SUBMIT");
            ps.setString(4, null);
            ps.setString(5, "CREATED");
            ps.setString(6, null);
            ps.executeUpdate();
            for (int i = 0; i < stateAndDetail.length; i += 2) {
                ps.setString(2, "CHANGED");
                ps.setString(3, "RESPONSE");
                ps.setString(4, from);
                ps.setString(5, stateAndDetail[i]);
                ps.setString(6, stateAndDetail[i + 1]);
                ps.executeUpdate();
                from = stateAndDetail[i];
            }
        }
    }

    @Test
    void payQueryShowsTheFactsOfAnUpgradedJournal() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("journal"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:"
                + journal.toAbsolutePath().resolve("yikatong-journal")); Statement s = c.createStatement()) {
            for (String sql : LegacyJournal.OLD_DDL) {
                s.execute(sql);
            }
            old(c, "CLIOLDDECLINED1", "wechat", 300, "DECLINED", null, "SENT", "kind=barcode", "DECLINED",
                    "AUTH_CODE_INVALID|AUTHCODEEXPIRE|二维码已过期，请刷新再试");
            old(c, "CLIOLDQR0001", "wechat", 2000, "PENDING", null, "SENT", "kind=qr", "PENDING",
                    "code_url=weixin://wxpay/bizpayurl?pr=OldCode1");
            old(c, "CLIOLDMI0001", "medicare", 10000, "PAID", "PO0001", "SENT", "chrgBchno=BCLIOLDMI0001", "PAID",
                    "split fee=100.00 fund=70.00 acct=10.00 own=20.00");
        }

        JsonNode declined = cli(Command.NEGATIVE, "pay", "query", "--journal", journal.toString(), "--order",
                "CLIOLDDECLINED1");
        assertEquals("declined", declined.get("status").asText());
        assertEquals("auth_code_invalid", declined.get("reason").asText());
        assertEquals("AUTHCODEEXPIRE", declined.get("code").asText());
        assertEquals("二维码已过期，请刷新再试", declined.get("message").asText());

        JsonNode qr = cli(Command.NEGATIVE, "pay", "query", "--journal", journal.toString(), "--order", "CLIOLDQR0001");
        assertEquals("pending", qr.get("status").asText());
        assertEquals("weixin://wxpay/bizpayurl?pr=OldCode1", qr.get("codeUrl").asText());

        JsonNode insurance = cli(Command.NEGATIVE, "pay", "query", "--channel", "medical-insurance", "--journal",
                journal.toString(), "--order", "CLIOLDMI0001");
        assertEquals("paid", insurance.get("insuranceState").asText());
        assertEquals("pending", insurance.get("status").asText(), "the self-pay share is not collected yet");
        assertEquals("PO0001", insurance.get("payOrdId").asText());
        JsonNode split = insurance.get("split");
        assertEquals("100.00", split.get("total").asText());
        assertEquals("70.00", split.get("fundPay").asText());
        assertEquals("10.00", split.get("accountPay").asText());
        assertEquals("20.00", split.get("selfPay").asText());
    }
}
