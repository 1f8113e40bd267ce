package io.yikatong.samples;

import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.card.social.InsecureSoftwareSocialSecurityModule;
import io.yikatong.card.social.MedicalAccount;
import io.yikatong.card.social.SocialSecurityAuthenticator;
import io.yikatong.card.social.SocialSecurityCard;
import io.yikatong.card.social.SocialSecurityCardReader;
import io.yikatong.testkit.card.VirtualSocialSecurityCards;
import java.util.regex.Pattern;

/**
 * Reads a social security card (社保卡): card and holder data, the {@code iReadCardBas} string a vendor DLL would
 * return, and the medical-account balance.
 *
 * <p>{@code java -cp yikatong.jar io.yikatong.samples.SocialSecurityCardSample} runs on a virtual 3.0 card; with a
 * reader: {@code … SocialSecurityCardSample "<reader pattern>" <cardholder PIN>}. A real 3.0 card needs the RKSSSE key
 * in a PSAM or an HSM: implement {@link SocialSecurityAuthenticator} for yours (or use the two-step
 * {@code reader.begin(session)} / {@code finish(answer)} flow); the development module here only opens virtual cards.
 */
public final class SocialSecurityCardSample {

    private SocialSecurityCardSample() {
    }

    /**
     * Runs the sample.
     *
     * @param args empty for the virtual card, or reader pattern and cardholder PIN
     * @throws Exception if anything fails (the sample lets typed exceptions surface)
     */
    public static void main(String[] args) throws Exception {
        CardTransport transport = args.length == 2
                ? PcscReaders.open().connect(PcscReaders.open().find(Pattern.compile(args[0])))
                : VirtualSocialSecurityCards.transport(VirtualSocialSecurityCards.example());
        String pin = args.length == 2 ? args[1] : "123456";

        SocialSecurityAuthenticator authenticator = InsecureSoftwareSocialSecurityModule.development();
        SocialSecurityCardReader reader = SocialSecurityCardReader.of(authenticator);   // thread-safe: share it
        try (CardSession session = CardSession.open(transport)) {
            SocialSecurityCard card = reader.read(session);
            System.out.println("card      " + card.card().cardNumber() + ", spec " + card.card().specVersion()
                    + ", valid to " + card.card().expiryDate());
            System.out.println("holder    " + card.holder());                       // toString masks personal data
            System.out.println("name      " + card.holder().name());
            System.out.println("basinfo   " + card.iReadCardBas());                 // as iReadCardBas prints it
            MedicalAccount account = reader.readMedicalAccount(session, pin);       // 卡内医保个人账户
            System.out.println("balance   " + account.balance().toYuanString() + " yuan");
        }
    }
}
