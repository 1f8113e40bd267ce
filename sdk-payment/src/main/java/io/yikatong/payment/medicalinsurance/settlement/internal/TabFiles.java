package io.yikatong.payment.medicalinsurance.settlement.internal;

import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The reconciliation files of 3202 (reference §4): UTF-8 text, one record per line, fields separated by TAB, an empty
 * value written {@code null}, zipped (one entry).
 *
 * <p>Not API. Thread-safe (stateless).
 */
public final class TabFiles {

    private static final int MAX_TEXT = 64 << 20;

    private TabFiles() {
    }

    /**
     * Zips lines of fields into one entry.
     *
     * @param entryName the entry's name, for example {@code H43010500001_20261207.txt}
     * @param rows the rows
     * @return the zip bytes
     */
    public static byte[] zip(String entryName, List<List<String>> rows) {
        StringBuilder s = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                if (i > 0) {
                    s.append('\t');
                }
                s.append(v == null || v.isEmpty() ? "null" : v.replace('\t', ' ').replace('\n', ' '));
            }
            s.append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            z.putNextEntry(new ZipEntry(entryName));
            z.write(s.toString().getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException("cannot zip in memory", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads the rows of every entry of a zip ({@code null} values become empty strings; blank lines are skipped).
     *
     * @param zip the bytes
     * @return the rows
     * @throws ChannelMalformedResponseException if it is not a zip of UTF-8 text or is too large
     */
    public static List<List<String>> unzip(byte[] zip) throws ChannelMalformedResponseException {
        List<List<String>> rows = new ArrayList<>();
        boolean any = false;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                any = true;
                if (e.isDirectory()) {
                    continue;
                }
                byte[] text = z.readNBytes(MAX_TEXT + 1);
                if (text.length > MAX_TEXT) {
                    throw Json.malformed("the reconciliation file is larger than " + MAX_TEXT + " bytes");
                }
                for (String line : new String(text, StandardCharsets.UTF_8).split("\r?\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    List<String> fields = new ArrayList<>();
                    for (String f : line.split("\t", -1)) {
                        String v = f.strip();
                        fields.add(v.equals("null") ? "" : v);
                    }
                    rows.add(fields);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw Json.malformed("the reconciliation file is not a readable zip");
        }
        if (!any) {
            throw Json.malformed("the reconciliation file is not a zip");
        }
        return rows;
    }
}
