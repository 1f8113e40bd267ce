package io.yikatong.payment.purse.internal;

import io.yikatong.card.purse.PurchaseAuthorization;
import io.yikatong.card.purse.PurchaseProofRequest;
import io.yikatong.card.purse.PurseTransaction;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.journal.JournalStorageException;
import io.yikatong.payment.purse.PurseProofStore.Entry;
import io.yikatong.payment.purse.PurseProofStore.State;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of a stored purse purchase: {@code key=value} lines, version 1. Decoding is strict: a missing,
 * repeated or unknown key, or a value out of range, is a {@link JournalStorageException} naming the entry and key
 * (never the value). Stateless.
 */
public final class ProofFiles {

    private static final String[] KEYS = {"version", "serial", "keyIndex", "keyVersion", "algorithmId", "cardRandom",
        "cardTsn", "amount", "terminal", "dateTime", "terminalTsn", "mac1", "balanceBefore", "state", "detail"};

    private ProofFiles() {
    }

    static void checkSettled(State state) {
        if (state == null || state == State.PENDING) {
            throw new InvalidInputException("state", "must be a settled state");
        }
    }

    /**
     * Encodes an entry.
     *
     * @param e the entry
     * @return the text
     */
    public static String encode(Entry e) {
        PurseTransaction t = e.request().transaction();
        PurchaseAuthorization a = e.request().authorization();
        if (e.detail().indexOf('\n') >= 0 || e.detail().indexOf('\r') >= 0) {
            throw new InvalidInputException("detail", "must be one line");
        }
        return "version=1\n"
                + "serial=" + t.applicationSerial().toHex() + "\n"
                + "keyIndex=" + t.keyIndex() + "\n"
                + "keyVersion=" + t.keyVersion() + "\n"
                + "algorithmId=" + t.algorithmId() + "\n"
                + "cardRandom=" + t.cardRandom().toHex() + "\n"
                + "cardTsn=" + t.cardTsn() + "\n"
                + "amount=" + t.amount().fen() + "\n"
                + "terminal=" + t.terminalNumber().toHex() + "\n"
                + "dateTime=" + t.dateTime() + "\n"
                + "terminalTsn=" + a.terminalTsn() + "\n"
                + "mac1=" + a.mac1().toHex() + "\n"
                + "balanceBefore=" + e.request().balanceBefore().fen() + "\n"
                + "state=" + e.state().name() + "\n"
                + "detail=" + e.detail() + "\n";
    }

    /**
     * Decodes an entry.
     *
     * @param text the text
     * @param name the entry's name, for messages
     * @return the entry
     * @throws JournalStorageException if the text is not a valid entry
     */
    public static Entry decode(String text, String name) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw corrupt(name, "a line without key=value", null);
            }
            String key = line.substring(0, eq);
            if (!java.util.Arrays.asList(KEYS).contains(key)) {
                throw corrupt(name, "unknown key '" + (key.length() > 20 ? key.substring(0, 20) : key) + "'", null);
            }
            if (v.put(key, line.substring(eq + 1)) != null) {
                throw corrupt(name, "key '" + key + "' repeated", null);
            }
        }
        for (String k : KEYS) {
            if (!v.containsKey(k)) {
                throw corrupt(name, "key '" + k + "' missing", null);
            }
        }
        if (!"1".equals(v.get("version"))) {
            throw corrupt(name, "unsupported version", null);
        }
        String key = "serial";
        try {
            Bytes serial = Bytes.fromHex(v.get(key));
            key = "keyIndex";
            int keyIndex = Integer.parseInt(v.get(key));
            key = "keyVersion";
            int keyVersion = Integer.parseInt(v.get(key));
            key = "algorithmId";
            int algorithmId = Integer.parseInt(v.get(key));
            key = "cardRandom";
            Bytes random = Bytes.fromHex(v.get(key));
            key = "cardTsn";
            int cardTsn = Integer.parseInt(v.get(key));
            key = "amount";
            Money amount = Money.ofFen(Long.parseLong(v.get(key)));
            key = "terminal";
            Bytes terminal = Bytes.fromHex(v.get(key));
            key = "dateTime";
            LocalDateTime dateTime = LocalDateTime.parse(v.get(key));
            key = "terminalTsn";
            long terminalTsn = Long.parseLong(v.get(key));
            key = "mac1";
            Bytes mac1 = Bytes.fromHex(v.get(key));
            key = "balanceBefore";
            Money before = Money.ofFen(Long.parseLong(v.get(key)));
            key = "state";
            State state = State.valueOf(v.get(key));
            key = "transaction";
            PurseTransaction t = new PurseTransaction(serial, keyIndex, keyVersion, algorithmId, random, cardTsn,
                    amount, terminal, dateTime);
            key = "authorization";
            PurchaseAuthorization a = new PurchaseAuthorization(terminalTsn, mac1);
            key = "request";
            return new Entry(new PurchaseProofRequest(t, a, before), state, v.get("detail"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // IllegalArgumentException covers NumberFormatException, enum valueOf, the hex decoder and InvalidInputException
            throw corrupt(name, "invalid '" + key + "'", e);
        }
    }

    private static JournalStorageException corrupt(String name, String problem, Throwable cause) {
        return new JournalStorageException("purse proof " + name + " is corrupt: " + problem, cause);
    }
}
