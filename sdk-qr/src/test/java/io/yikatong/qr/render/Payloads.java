package io.yikatong.qr.render;

import java.util.Random;

/** The payloads the task measures and renders. */
final class Payloads {

    static final String EHC_DYNAMIC =
            "272EB52D0696FD625B6F3E1A830728532779BEB87520CC83948C50A43F439F58:0:8D7E10969D22699A07C2BDA9B4CE9286";
    static final String EHC_STATIC = "E1D10AAC73D0B947060B099128732C969A6EF97A6014BF41B3D19EEF9A4FBB18:1";
    static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private Payloads() {
    }

    /** A {@code YKT1:} text of seeded random Base45 characters. */
    static String token(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("YKT1:");
        while (sb.length() < length) {
            sb.append(BASE45.charAt(random.nextInt(BASE45.length())));
        }
        return sb.toString();
    }
}
