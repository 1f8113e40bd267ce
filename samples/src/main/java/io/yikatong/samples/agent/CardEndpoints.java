package io.yikatong.samples.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardException;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardTransport;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The card endpoints: {@code GET /v1/readers}, {@code POST /v1/card/read} and the virtual card's
 * {@code POST /v1/virtual/card}. A request names its reader with {@code ?reader=NAME}; without it the first reader
 * with a card is used (the preferred one first).
 *
 * <p>Thread-safe; one per agent.
 */
final class CardEndpoints {

    private final CardSource source;
    private final CardJsonReader reader;
    private final ReaderLocks locks;
    private final UnaryOperator<ObjectNode> mask;

    CardEndpoints(CardSource source, CardJsonReader reader, ReaderLocks locks, UnaryOperator<ObjectNode> mask) {
        this.source = source;
        this.reader = reader;
        this.locks = locks;
        this.mask = mask;
    }

    void register(Router router) {
        router.add("GET", "/v1/readers", Router.Access.TOKEN, r -> Reply.ok(readers()));
        router.add("POST", "/v1/card/read", Router.Access.TOKEN, this::read);
        router.add("POST", "/v1/virtual/card", Router.Access.TOKEN, this::virtualCard);
    }

    private ObjectNode readers() throws ApiException {
        ObjectNode o = Reply.JSON.createObjectNode();
        ArrayNode list = o.putArray("readers");
        try {
            String chosen = null;
            for (String name : source.readerNames()) {
                boolean present = source.cardPresent(name);
                if (chosen == null && present) {
                    chosen = name;
                }
                list.addObject().put("name", name).put("mode", source.mode()).put("cardPresent", present)
                        .put("busy", !locks.isFree(name));
            }
            o.put("default", chosen != null ? chosen : source.readerName());
        } catch (CardLinkException e) {
            throw CardErrors.of(e);
        }
        return o;
    }

    /** The reader a request addresses: {@code ?reader=NAME}, else the first with a card, else the preferred one. */
    String pick(ApiRequest r) throws ApiException {
        String wanted = r.query().get("reader");
        try {
            List<String> names = source.readerNames();
            if (wanted != null) {
                if (!names.contains(wanted)) {
                    throw new ApiException(404, "unknown_reader", "reader", "no reader of that name; see GET /v1/readers");
                }
                return wanted;
            }
            for (String name : names) {
                if (source.cardPresent(name)) {
                    return name;
                }
            }
            return source.readerName();
        } catch (CardLinkException e) {
            throw CardErrors.of(e);
        }
    }

    private Reply read(ApiRequest r) throws ApiException {
        boolean full = r.flag("full");
        ObjectNode card = readCard(r);
        return Reply.ok(full ? card : mask.apply(card));
    }

    /**
     * Reads the card in the reader the request addresses, holding the reader's lock: the full JSON (unmasked; the
     * caller masks what it answers).
     */
    ObjectNode readCard(ApiRequest r) throws ApiException {
        String name = pick(r);
        return locks.with(name, () -> {
            try (CardTransport transport = source.connect(name)) {
                return reader.read(transport, name);
            } catch (CardException e) {
                throw CardErrors.of(e);
            }
        });
    }

    private Reply virtualCard(ApiRequest r) throws ApiException {
        if (!(source instanceof VirtualCardSource v)) {
            throw new ApiException(404, "not_found", "the virtual card exists only in virtual mode");
        }
        JsonNode present = r.json().get("present");
        if (present == null || !present.isBoolean()) {
            throw new ApiException(400, "invalid_input", "present", "present must be true or false");
        }
        v.setPresent(present.booleanValue());
        return Reply.ok(Reply.JSON.createObjectNode().put("present", present.booleanValue()));
    }
}
