package io.yikatong.card.purse;

import io.yikatong.card.CardException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.ResponseApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.card.purse.internal.PurseCodec;
import io.yikatong.card.purse.internal.PurseCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * The purse security module on a PSAM (消费安全模块) reached through a {@link CardTransport} (a second PC/SC reader or
 * SAM slot, or the virtual PSAM). Commands (health-card-spec §4.1):
 * <ul>
 * <li>at open: SELECT MF, SELECT {@code 0016}, READ BINARY 6 bytes — the terminal number (终端机编号);</li>
 * <li>INIT SAM FOR PURCHASE {@code 8070 0000 1C <pseudoRandom 4><cardTSN 2><amount 4><type 06><date 4><time 3>
 * <keyVersion 1><algorithmId 1><applicationSerial 8>} → (via {@code 61 08} and GET RESPONSE) terminal TSN 4 ‖ MAC1 4;</li>
 * <li>CREDIT SAM FOR PURCHASE {@code 8072 0000 04 <MAC2>} → {@code 9000}, or {@code 9302} when MAC2 is wrong — used
 * when the MAC2 belongs to the PSAM's current purchase session;</li>
 * <li>for a purchase that is no longer the PSAM's current session (recovery after the PSAM authorised other
 * purchases or was reset): {@code 8072 0100 1C <terminalTSN 4><pseudoRandom 4><cardTSN 2><amount 4><keyVersion 1>
 * <algorithmId 1><applicationSerial 8><MAC2 4>}, which re-derives the session key and checks MAC2. This variant is
 * this SDK's own [I] — PBOC leaves MAC2 of an interrupted purchase to the issuer's back end (via the TAC); a PSAM
 * without it answers an error and {@link #verifyPurchase} throws {@link CardRefusedException}.</li>
 * </ul>
 * The PSAM's purse application is assumed at MF level and needs no PIN [I]; the PSAM diversifies its master purchase
 * key with the card application serial itself (single-level, {@link io.yikatong.card.purse.internal.PurseCrypto}).
 *
 * <p>Thread-safe; create one and share it (commands are serialised).
 *
 * @since 0.1
 */
public final class PsamPurseModule implements PurseSecurityModule {

    private final CardSession session;
    private final Bytes terminalNumber;
    private PurseTransaction currentTransaction;
    private PurchaseAuthorization currentAuthorization;

    private PsamPurseModule(CardSession session, Bytes terminalNumber) {
        this.session = session;
        this.terminalNumber = terminalNumber;
    }

    /**
     * Opens the PSAM: selects the MF and reads the terminal number.
     *
     * @param transport the PSAM's transport; the module owns it and closes it
     * @return the module
     * @throws CardException if the PSAM's link fails, it refuses a command or its terminal number file is malformed
     */
    public static PsamPurseModule open(CardTransport transport) throws CardException {
        CardSession session = CardSession.open(Objects.requireNonNull(transport, "transport"));
        session.selectFile(0x3F00, "select PSAM MF");
        session.selectFile(0x0016, "select PSAM EF0016");
        Bytes terminal = PurseCodec.terminalNumber(session.readBinary(0, 6, "PSAM EF0016"));
        return new PsamPurseModule(session, terminal);
    }

    @Override
    public Bytes terminalNumber() {
        return terminalNumber;
    }

    @Override
    public synchronized PurchaseAuthorization authorizePurchase(PurseTransaction t) throws CardException {
        Objects.requireNonNull(t, "t");
        if (!t.terminalNumber().equals(terminalNumber)) {
            throw new InvalidInputException("transaction", "terminal number is not this PSAM's");
        }
        ByteArrayOutputStream d = new ByteArrayOutputStream(28);
        d.writeBytes(t.cardRandom().toByteArray());
        d.write(t.cardTsn() >>> 8);
        d.write(t.cardTsn());
        d.writeBytes(PurseCrypto.u32(t.amount().fen()));
        d.write(PurseCrypto.TYPE_PURCHASE);
        d.writeBytes(PurseCrypto.dateTime(t.dateTime()));
        d.write(t.keyVersion());
        d.write(t.algorithmId());
        d.writeBytes(t.applicationSerial().toByteArray());
        currentTransaction = null;
        currentAuthorization = null;
        byte[] r = session.send(CommandApdu.of(0x80, 0x70, 0x00, 0x00, d.toByteArray()), "INIT SAM FOR PURCHASE");
        PurseCodec.SamInit init = PurseCodec.samInit(r);
        PurchaseAuthorization auth = new PurchaseAuthorization(init.terminalTsn(), init.mac1());
        currentTransaction = t;
        currentAuthorization = auth;
        return auth;
    }

    @Override
    public synchronized void verifyPurchase(PurseTransaction t, PurchaseAuthorization authorization, Bytes mac2)
            throws CardException {
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(authorization, "authorization");
        if (mac2 == null || mac2.length() != 4) {
            throw new InvalidInputException("mac2", "must be 4 bytes");
        }
        boolean current = t.equals(currentTransaction) && authorization.equals(currentAuthorization);
        currentTransaction = null;
        currentAuthorization = null;
        CommandApdu command;
        if (current) {
            command = CommandApdu.of(0x80, 0x72, 0x00, 0x00, mac2.toByteArray());
        } else {
            ByteArrayOutputStream d = new ByteArrayOutputStream(28);
            d.writeBytes(PurseCrypto.u32(authorization.terminalTsn()));
            d.writeBytes(t.cardRandom().toByteArray());
            d.write(t.cardTsn() >>> 8);
            d.write(t.cardTsn());
            d.writeBytes(PurseCrypto.u32(t.amount().fen()));
            d.write(t.keyVersion());
            d.write(t.algorithmId());
            d.writeBytes(t.applicationSerial().toByteArray());
            d.writeBytes(mac2.toByteArray());
            command = CommandApdu.of(0x80, 0x72, 0x01, 0x00, d.toByteArray());
        }
        ResponseApdu r = session.transmit(command);
        StatusWord sw = r.statusWord();
        if (sw.equals(StatusWord.MAC_INVALID)) {
            throw new CardAnswerNotAuthenticException("MAC2 of the card");
        }
        if (!sw.isSuccess()) {
            throw new CardRefusedException(command, sw, "CREDIT SAM FOR PURCHASE");
        }
        if (r.dataLength() != 0) {
            throw new MalformedCardResponseException("CREDIT SAM FOR PURCHASE response", -1, 0,
                    "expected no data, got " + r.dataLength() + " bytes", null);
        }
    }

    @Override
    public String description() {
        return "PSAM purse module (terminal number ****" + terminalNumber.toHex().substring(8) + ")";
    }

    @Override
    public void close() throws CardException {
        session.close();
    }

    @Override
    public String toString() {
        return description();
    }
}
