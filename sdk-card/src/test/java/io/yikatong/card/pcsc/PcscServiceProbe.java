package io.yikatong.card.pcsc;

import io.yikatong.card.CardLinkException;

/**
 * Run in a child JVM by {@link PcscErrorMappingTest}: lists the readers and prints {@code OK} or the error code and
 * the cause chain. Test scope only.
 */
final class PcscServiceProbe {

    private PcscServiceProbe() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("OK " + PcscReaders.open().list());
        } catch (CardLinkException e) {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                chain.append(" <- ").append(t);
            }
            System.out.println("CODE " + e.errorCode().code() + chain);
        }
    }
}
