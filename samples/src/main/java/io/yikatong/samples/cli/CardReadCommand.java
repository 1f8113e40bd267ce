package io.yikatong.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTimeouts;
import io.yikatong.card.CardTransport;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.IssuerInfo;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.card.pcsc.PcscReader;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.card.social.InsecureSoftwareSocialSecurityModule;
import io.yikatong.card.social.SocialSecurityAuthenticatorException;
import io.yikatong.card.social.SocialSecurityCard;
import io.yikatong.card.social.SocialSecurityCardReader;
import io.yikatong.card.social.UnverifiedSocialSecurityCard;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.PersonalField;
import io.yikatong.core.Redaction;
import io.yikatong.core.codec.Hex;
import io.yikatong.samples.agent.CardJsonReader;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code card read}: reads whichever card is in the reader — a resident health card (DDF1 selectable) or a social
 * security card (SSSE selectable by name) — and prints it for people or as JSON.
 */
final class CardReadCommand implements Command {

    @Override
    public String name() {
        return "card read";
    }

    @Override
    public String synopsis() {
        return "card read [--reader NAME] [--sam-reader NAME [--sam-pin PIN] | --dev-sam development"
                + " | --unauthenticated] [--all] [--json] [--full] [--card-timeout SECONDS]   read the card in a PC/SC"
                + " reader (personal data masked unless --full)";
    }

    @Override
    public int run(List<String> argv, Io io) throws Exception {
        Args args = Args.parse(argv, Set.of("reader", "sam-reader", "sam-pin", "dev-sam", "card-timeout"),
                Set.of("all", "json", "unauthenticated", "full"));
        args.requireNoPositional();
        if (args.option("sam-reader").isPresent() && args.option("dev-sam").isPresent()) {
            throw new UsageException("give --sam-reader or --dev-sam, not both");
        }
        boolean unauthenticated = args.flag("unauthenticated");
        if (unauthenticated && (args.option("sam-reader").isPresent() || args.option("dev-sam").isPresent())) {
            throw new UsageException("--unauthenticated reads without a security module: not with --sam-reader or"
                    + " --dev-sam");
        }
        CardTimeouts timeouts = cardTimeouts(args.option("card-timeout"));
        if (args.option("dev-sam").isPresent() && !args.option("dev-sam").get().equals("development")) {
            throw new UsageException("--dev-sam takes 'development' (the SDK's published development keys)");
        }
        PcscReaders readers;
        String readerName;
        try {
            readers = PcscReaders.open(timeouts);
            readerName = pickReader(readers, args.option("reader"), io);
        } catch (CardLinkException e) {
            return CardCommands.linkFailure(e, io, args.option("reader").isPresent());
        }
        if (readerName == null) {
            return CardCommands.NO_READER;
        }
        HealthCardSecurityModule sam = null;
        try {
            if (args.option("dev-sam").isPresent()) {
                sam = InsecureDevelopmentPki.securityModule();
            } else if (args.option("sam-reader").isPresent()) {
                String samReader = resolve(readers, args.option("sam-reader").get());
                sam = PsamSecurityModule.open(readers.connect(samReader), args.option("sam-pin").orElse("123456"),
                        PsamOptions.builder().readerName(samReader).build());
            }
            CardTransport transport = readers.connect(readerName);
            CardSession session = CardSession.builder(transport).readChunk(256).build();
            String kind = detect(session);
            if (kind == null) {
                session.close();
                io.err().println("yikatong: the card in '" + readerName
                        + "' is neither a resident health card nor a social security card");
                return CardCommands.UNKNOWN_CARD;
            }
            if (kind.equals("social")) {
                if (unauthenticated) {
                    return readUnverifiedSocialSecurityCard(session, readerName, args.flag("json"),
                            new Mask(!args.flag("full")), io);
                }
                return readSocialSecurityCard(session, args.option("dev-sam").isPresent(), readerName,
                        args.flag("json"), new Mask(!args.flag("full")), io);
            }
            return readHealthCard(session, sam, readerName, args.flag("all"), args.flag("json"),
                    new Mask(!args.flag("full")), io);
        } catch (CardLinkException e) {
            return CardCommands.linkFailure(e, io, true);
        } finally {
            if (sam != null) {
                sam.close();
            }
        }
    }

    /** {@code --card-timeout SECONDS}: the deadline of connecting, ordinary commands and release (long: 30 s+). */
    static CardTimeouts cardTimeouts(Optional<String> seconds) throws UsageException {
        if (seconds.isEmpty()) {
            return CardTimeouts.defaults();
        }
        Duration d;
        try {
            d = Duration.ofMillis(new BigDecimal(seconds.get()).movePointRight(3).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--card-timeout takes seconds, e.g. 5 or 0.5; was '" + seconds.get() + "'");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(CardTimeouts.MAX) > 0) {
            throw new UsageException("--card-timeout must be more than 0 and at most 600 seconds; was '"
                    + seconds.get() + "'");
        }
        return CardTimeouts.of(d);
    }

    private static String pickReader(PcscReaders readers, Optional<String> wanted, Io io) throws CardLinkException {
        if (wanted.isPresent()) {
            return resolve(readers, wanted.get());
        }
        List<PcscReader> all = readers.list();
        if (all.isEmpty()) {
            io.err().println("yikatong: the PC/SC service runs but has no reader");
            return null;
        }
        List<String> withCard = new ArrayList<>();
        for (PcscReader r : all) {
            if (r.cardPresent()) {
                withCard.add(r.name());
            }
        }
        if (withCard.size() == 1) {
            return withCard.get(0);
        }
        if (withCard.isEmpty()) {
            throw new CardLinkException(CardErrorCode.NO_CARD,
                    "no reader has a card (readers: " + all.size() + ")", null);
        }
        throw new InvalidInputException("reader",
                withCard.size() + " readers have a card " + withCard + "; choose one with --reader");
    }

    /** An exact reader name, or else a regular expression matching exactly one reader. */
    private static String resolve(PcscReaders readers, String nameOrPattern) throws CardLinkException {
        for (PcscReader r : readers.list()) {
            if (r.name().equals(nameOrPattern)) {
                return r.name();
            }
        }
        return readers.find(Pattern.compile(nameOrPattern));
    }

    /**
     * Detects the card: the social security application is selected by its name first (the health card's DFs have
     * none), then the health card's DDF1 by file identifier.
     *
     * @return "health", "social" or {@code null}
     */
    static String detect(CardSession session) throws CardException {
        try {
            session.selectByName(SocialSecurityCardReader.SSSE_NAME, 256, "select SSSE");
            return "social";
        } catch (CardRefusedException e) {
            // not a social security card: try the health card
        }
        try {
            session.selectFile(0xDDF1, "select DDF1");
            return "health";
        } catch (CardRefusedException e) {
            return null;
        }
    }

    /** Applies the SDK's redaction policy ({@link PersonalField}) to printed values, unless {@code --full}. */
    record Mask(boolean on) {
        String of(PersonalField field, String value) {
            return on ? field.mask(value) : value;
        }

        String birthDate(LocalDate date) {
            return on ? Redaction.birthDate(date) : date.toString();
        }

        ObjectNode json(ObjectNode card) {
            return on ? CardJsonReader.mask(card) : card;
        }
    }

    private static int readSocialSecurityCard(CardSession session, boolean devSam, String reader, boolean json,
            Mask mask, Io io) throws CardException, java.io.IOException {
        try (session) {
            SocialSecurityCardReader r = devSam ? SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule
                    .development()) : SocialSecurityCardReader.builder().build();
            SocialSecurityCard c;
            try {
                c = r.read(session);
            } catch (SocialSecurityAuthenticatorException e) {
                if (e.reason() != SocialSecurityAuthenticatorException.Reason.NO_AUTHENTICATOR) {
                    throw e;
                }
                io.err().println("yikatong: " + e.getMessage() + "; give --dev-sam development"
                        + " (published development keys), or --unauthenticated (read without verifying the card)");
                return USAGE;
            }
            if (json) {
                io.out().println(CardCommands.JSON.writeValueAsString(mask.json(socialSecurityJson(c, reader))));
            } else {
                printSocialSecurityCard(io, c, reader, mask);
            }
            return OK;
        }
    }

    /** {@code --unauthenticated}: what the card gives without a security module, marked as not verified genuine. */
    private static int readUnverifiedSocialSecurityCard(CardSession session, String reader, boolean json, Mask mask,
            Io io)
            throws CardException, java.io.IOException {
        try (session) {
            UnverifiedSocialSecurityCard c = SocialSecurityCardReader.builder().build().readUnverified(session);
            String note = "NOT verified genuine: read without a security module, a cloned or forged card reads the same"
                    + c.limitation().map(l -> "; " + l).orElse("");
            if (json) {
                ObjectNode root = CardCommands.JSON.createObjectNode();
                root.put("cardType", "socialSecurityCard");
                root.put("reader", reader);
                root.put("verified", false);
                root.put("note", note);
                root.putObject("card").put("identificationCode", c.card().identificationCode())
                        .put("category", c.card().category()).put("specVersion", c.card().specVersion())
                        .put("issuerOrgCode", c.card().issuerOrgCode())
                        .put("issueDate", c.card().issueDate().toString())
                        .put("expiryDate", c.card().expiryDate().toString()).put("cardNumber", c.card().cardNumber())
                        .put("regionCode", c.card().regionCode());
                c.holder().ifPresent(h -> root.putObject("holder")
                        .put("socialSecurityNumber", h.socialSecurityNumber()).put("name", h.name())
                        .put("gender", h.gender().code()).put("nation", h.nation().code())
                        .put("birthPlace", h.birthPlace()).put("birthDate", h.birthDate().toString()));
                io.out().println(CardCommands.JSON.writeValueAsString(mask.json(root)));
            } else {
                io.out().println("社会保障卡 (social security card, spec " + c.card().specVersion() + ") in " + reader);
                io.out().printf("  card number  %s (identification code %s, region %s)%n",
                        mask.of(PersonalField.CARD_NUMBER, c.card().cardNumber()),
                        mask.of(PersonalField.RECORD_NUMBER, c.card().identificationCode()), c.card().regionCode());
                io.out().printf("  valid        %s to %s%n", c.card().issueDate(), c.card().expiryDate());
                c.holder().ifPresent(h -> io.out().printf("  holder       %s, %s, %s, born %s in %s, SSN %s%n",
                        mask.of(PersonalField.NAME, h.name()), h.gender().chineseLabel(), h.nation().chineseLabel(),
                        mask.birthDate(h.birthDate()), mask.of(PersonalField.ADDRESS, h.birthPlace()),
                        mask.of(PersonalField.SOCIAL_SECURITY_NUMBER, h.socialSecurityNumber())));
                io.out().println("  " + note);
                if (mask.on()) {
                    io.out().println("  (personal data masked; --full shows it)");
                }
            }
            return OK;
        }
    }

    /** The JSON shape of a social security card, full (mask it with {@link CardJsonReader#mask}). */
    static ObjectNode socialSecurityJson(SocialSecurityCard c, String reader) {
        ObjectNode root = CardCommands.JSON.createObjectNode();
        root.put("cardType", "socialSecurityCard");
        root.put("reader", reader);
        root.putObject("card").put("identificationCode", c.card().identificationCode())
                .put("category", c.card().category()).put("specVersion", c.card().specVersion())
                .put("issuerOrgCode", c.card().issuerOrgCode())
                .put("issueDate", c.card().issueDate().toString())
                .put("expiryDate", c.card().expiryDate().toString()).put("cardNumber", c.card().cardNumber())
                .put("regionCode", c.card().regionCode());
        root.putObject("holder").put("socialSecurityNumber", c.holder().socialSecurityNumber())
                .put("name", c.holder().name()).put("gender", c.holder().gender().code())
                .put("nation", c.holder().nation().code()).put("birthPlace", c.holder().birthPlace())
                .put("birthDate", c.holder().birthDate().toString());
        root.put("iReadCardBas", c.iReadCardBas());
        return root;
    }

    /** The text of a social security card, masked unless {@code mask} is off. */
    static void printSocialSecurityCard(Io io, SocialSecurityCard c, String reader, Mask mask) {
        io.out().println("社会保障卡 (social security card, spec " + c.card().specVersion() + ") in " + reader);
        io.out().printf("  card number  %s (identification code %s, region %s)%n",
                mask.of(PersonalField.CARD_NUMBER, c.card().cardNumber()),
                mask.of(PersonalField.RECORD_NUMBER, c.card().identificationCode()), c.card().regionCode());
        io.out().printf("  valid        %s to %s%n", c.card().issueDate(), c.card().expiryDate());
        io.out().printf("  holder       %s, %s, %s, born %s in %s, SSN %s%n",
                mask.of(PersonalField.NAME, c.holder().name()), c.holder().gender().chineseLabel(),
                c.holder().nation().chineseLabel(), mask.birthDate(c.holder().birthDate()),
                mask.of(PersonalField.ADDRESS, c.holder().birthPlace()),
                mask.of(PersonalField.SOCIAL_SECURITY_NUMBER, c.holder().socialSecurityNumber()));
        io.out().println("  iReadCardBas " + (mask.on() ? c.iReadCardBasMasked() : c.iReadCardBas()));
        if (mask.on()) {
            io.out().println("  (personal data masked; --full shows it)");
        }
    }

    private static int readHealthCard(CardSession session, HealthCardSecurityModule sam, String reader, boolean all,
            boolean json, Mask mask, Io io) throws CardException, java.io.IOException {
        try (HealthCardService service = sam == null
                ? HealthCardService.builder(session).build()
                : HealthCardService.builder(session).securityModule(sam).build()) {
            if (sam == null) {
                IssuerInfo issuer = service.readIssuer();
                if (json) {
                    ObjectNode root = CardCommands.JSON.createObjectNode();
                    root.put("cardType", "residentHealthCard");
                    root.put("reader", reader);
                    issuer(root.putObject("issuer"), issuer);
                    io.out().println(CardCommands.JSON.writeValueAsString(mask.json(root)));
                } else {
                    io.out().println("居民健康卡 (resident health card) in " + reader);
                    printIssuer(io, issuer, mask);
                    io.out().println("  (holder data needs a security module: --sam-reader NAME or --dev-sam development)");
                }
                return OK;
            }
            HealthCard card = all ? service.readAll() : service.read();
            if (json) {
                io.out().println(CardCommands.JSON.writeValueAsString(mask.json(HealthCardJson.of(card, reader))));
            } else {
                printHealthCard(io, card, reader, mask);
                io.out().printf("  (%d APDUs, security module: %s)%n", service.session().apduCount(), sam.description());
                if (mask.on()) {
                    io.out().println("  (personal data masked; --full shows it)");
                }
            }
            return OK;
        }
    }

    /** The text of a health card (without the APDU count), masked unless {@code mask} is off. */
    static void printHealthCard(Io io, HealthCard card, String reader, Mask mask) {
        io.out().println("居民健康卡 (resident health card) in " + reader);
        printIssuer(io, card.issuer(), mask);
        io.out().printf("  holder       %s, %s, %s, born %s, ID %s%n",
                mask.of(PersonalField.NAME, card.holder().name()), card.holder().gender().chineseLabel(),
                card.holder().nation().chineseLabel(), mask.birthDate(card.holder().birthDate()),
                mask.of(PersonalField.ID_NUMBER, card.holder().idNumber()));
        io.out().printf("  valid until  %s, phones %s %s, payment methods %s%n", card.contact().expiryDate(),
                mask.of(PersonalField.PHONE, card.contact().phone1()),
                mask.of(PersonalField.PHONE, card.contact().phone2()), card.contact().paymentMethods());
        io.out().printf("  photo        %s, %d bytes%n", card.photo().format(), card.photo().image().length());
        if (card.visits().isPresent()) {
            io.out().printf("  visits       %d inpatient, %d outpatient records%n",
                    card.visits().get().inpatient().size(), card.visits().get().outpatient().size());
        }
    }

    private static void printIssuer(Io io, IssuerInfo i, Mask mask) {
        io.out().printf("  card number  %s (category %s, spec %s)%n", mask.of(PersonalField.CARD_NUMBER, i.cardNumber()),
                i.cardCategory(), i.specVersion());
        io.out().printf("  issuer       %s (%s), issued %s, city %s%n", i.issuerName(), i.issuerCode(), i.issueDate(),
                i.cityCode());
    }

    static void issuer(ObjectNode o, IssuerInfo i) {
        o.put("cardCategory", i.cardCategory()).put("specVersion", i.specVersion()).put("issuerName", i.issuerName())
                .put("issuerCode", i.issuerCode()).put("issueDate", i.issueDate().toString())
                .put("cardNumber", i.cardNumber()).put("securityCode", i.securityCode())
                .put("chipSerial", i.chipSerial()).put("cityCode", i.cityCode());
    }

    /** The JSON shape of a health card (camelCase, ISO dates, codes as their code strings). */
    static final class HealthCardJson {
        private HealthCardJson() {
        }

        static ObjectNode of(HealthCard c, String reader) {
            ObjectNode root = CardCommands.JSON.createObjectNode();
            root.put("cardType", "residentHealthCard");
            if (reader != null) {
                root.put("reader", reader);
            }
            issuer(root.putObject("issuer"), c.issuer());
            root.putObject("holder").put("name", c.holder().name()).put("gender", c.holder().gender().code())
                    .put("nation", c.holder().nation().code()).put("birthDate", c.holder().birthDate().toString())
                    .put("idNumber", c.holder().idNumber());
            ObjectNode contact = root.putObject("contact").put("expiryDate", c.contact().expiryDate().toString())
                    .put("phone1", c.contact().phone1()).put("phone2", c.contact().phone2());
            ArrayNode methods = contact.putArray("paymentMethods");
            c.contact().paymentMethods().forEach(methods::add);
            root.putObject("photo").put("format", c.photo().format().name().toLowerCase(java.util.Locale.ROOT))
                    .put("length", c.photo().image().length());
            c.demographics().ifPresent(d -> root.putObject("demographics")
                    .put("addressType1", d.addresses().addressType1()).put("address1", d.addresses().address1())
                    .put("addressType2", d.addresses().addressType2()).put("address2", d.addresses().address2())
                    .put("contactPersons", d.contactPersons().persons().size()));
            c.clinical().ifPresent(k -> {
                ObjectNode o = root.putObject("clinical");
                o.put("aboBloodType", k.data().aboBloodType().map(b -> b.code()).orElse(null));
                o.put("rhBloodType", k.data().rhBloodType().map(b -> b.code()).orElse(null));
                o.put("allergies", k.allergies().size()).put("immunisations", k.immunisations().size());
            });
            c.visits().ifPresent(v -> {
                ObjectNode o = root.putObject("visits");
                ArrayNode out = o.putArray("outpatient");
                v.outpatient().forEach((slot, r) -> out.addObject().put("slot", slot)
                        .put("institutionName", r.institutionName()).put("visitTime",
                                r.visitTime().map(Object::toString).orElse(null)));
                ArrayNode in = o.putArray("inpatient");
                v.inpatient().forEach((slot, r) -> in.addObject().put("slot", slot)
                        .put("institutionName", r.institutionName()).put("admissionDate",
                                r.admissionDate().map(Object::toString).orElse(null)));
            });
            return root;
        }
    }
}
