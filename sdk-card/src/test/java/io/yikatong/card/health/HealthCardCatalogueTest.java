package io.yikatong.card.health;

import io.yikatong.card.health.internal.Df03Items;
import io.yikatong.card.health.internal.ElementTables;
import io.yikatong.card.health.internal.Encoding;
import io.yikatong.card.health.internal.TlvElement;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCardCatalogueTest {

    @Test
    void labelsAndFids() {
        assertEquals("DDF1/EF05", HealthCardFile.DDF1_EF05.label());
        assertEquals("DF03/ED02", HealthCardFile.DF03_ED02.label());
        assertEquals("DF03/EE01", HealthCardFile.DF03_EE01.label());
        assertEquals(0xDF02, HealthCardFile.DF02_EF07.dfFid());
        assertEquals(0xEE03, HealthCardFile.DF03_EE03.efFid());
        assertEquals(22, HealthCardFile.values().length);
        Set<String> labels = new HashSet<>();
        for (HealthCardFile f : HealthCardFile.values()) {
            assertTrue(labels.add(f.label()), f.label());
            assertEquals(String.format("%04X/%04X", f.dfFid(), f.efFid()), f.label());
        }
    }

    @Test
    void structuresAndSizes() {
        assertEquals(HealthCardFile.Structure.TRANSPARENT, HealthCardFile.DDF1_EF07.structure());
        assertEquals(3072, HealthCardFile.DDF1_EF07.size());
        assertEquals(1893, HealthCardFile.DF03_EE02.size());
        assertEquals(3267, HealthCardFile.DF03_ED05.size());
        assertEquals(HealthCardFile.Structure.CYCLIC_RECORDS, HealthCardFile.DF02_EF08.structure());
        assertEquals(10, HealthCardFile.DF02_EF08.recordCount());
        assertEquals(24, HealthCardFile.DF02_EF08.recordLength());
        assertEquals(3, HealthCardFile.DF02_EF07.recordCount());
        assertEquals(120, HealthCardFile.DF02_EF07.recordLength());
        assertEquals(HealthCardFile.Structure.INDEX_RECORDS, HealthCardFile.DF03_EF06.structure());
        assertEquals(5, HealthCardFile.DF03_EF06.recordCount());
        assertEquals(3, HealthCardFile.DF03_EF05.recordCount());
        assertEquals(1, HealthCardFile.DF03_EF05.recordLength());
        assertEquals(15, HealthCardFile.DF02_EF05.recordCount());
    }

    @Test
    void everyTlvFileHasATableWithRecordsOneToN() {
        for (HealthCardFile f : HealthCardFile.values()) {
            if (f.structure() != HealthCardFile.Structure.TLV_RECORDS) {
                assertThrows(IllegalArgumentException.class, () -> ElementTables.of(f));
                continue;
            }
            List<TlvElement> table = ElementTables.of(f);
            assertEquals(f.recordCount(), table.size(), f.label());
            Set<Integer> tags = new HashSet<>();
            for (int i = 0; i < table.size(); i++) {
                assertEquals(i + 1, table.get(i).record(), f.label());
                assertTrue(tags.add(table.get(i).tag()), f.label());
            }
        }
    }

    @Test
    void spotChecksAgainstSpecTables() {
        TlvElement cert = ElementTables.of(HealthCardFile.DDF1_EF05).get(4);
        assertEquals(0x05, cert.tag());
        assertEquals(180, cert.maxLength());
        assertEquals(Encoding.B, cert.encoding());
        TlvElement city = ElementTables.of(HealthCardFile.DDF1_EF05).get(9);
        assertEquals(0x39, city.tag());
        assertEquals(3, city.maxLength());
        assertEquals(Encoding.CN, city.encoding());
        // DF02/EF05: record n <-> tag 0x28 + n
        for (TlvElement e : ElementTables.of(HealthCardFile.DF02_EF05)) {
            assertEquals(0x28 + e.record(), e.tag());
        }
        TlvElement phone3 = ElementTables.of(HealthCardFile.DF01_EF06).get(8);
        assertEquals(0x21, phone3.tag());
        assertEquals(20, phone3.maxLength());
        assertEquals(Encoding.AN, phone3.encoding());
    }

    @Test
    void df03LayoutsAreContiguousWithSpecTotals() {
        check(Df03Items.INPATIENT, 64, 212, 1639, 1893);
        check(Df03Items.OUTPATIENT, 213, 384, 3013, 3267);
    }

    private static void check(Df03Items items, int first, int last, int dataLength, int total) {
        List<Df03Items.Item> all = items.items();
        assertEquals(last - first + 1, all.size());
        int offset = 0;
        for (int i = 0; i < all.size(); i++) {
            Df03Items.Item item = all.get(i);
            assertEquals(first + i, item.number());
            assertEquals(offset, item.offset(), "item " + item.number());
            assertTrue(item.length() > 0);
            offset += item.length();
        }
        assertEquals(total, offset);
        assertEquals(total, items.totalLength());
        assertEquals(dataLength, items.dataLength());
        Df03Items.Item sig = all.get(all.size() - 2);
        Df03Items.Item cert = all.get(all.size() - 1);
        assertEquals(64, sig.length());
        assertEquals(Encoding.B, sig.encoding());
        assertEquals(190, cert.length());
        assertEquals(Encoding.B, cert.encoding());
        assertEquals(dataLength, sig.offset());
    }

    @Test
    void df03SpotChecksFromAppendix() {
        Df03Items.Item i215 = Df03Items.OUTPATIENT.item(215).orElseThrow();
        assertEquals(80, i215.offset());
        assertEquals(7, i215.length());
        assertEquals(Encoding.CN, i215.encoding());
        Df03Items.Item i138 = Df03Items.INPATIENT.item(138).orElseThrow();
        assertEquals(1066, i138.offset());
        assertEquals(Encoding.B, i138.encoding());
        Df03Items.Item i308 = Df03Items.OUTPATIENT.item(308).orElseThrow();
        assertEquals(2115, i308.offset());
        assertEquals(6, i308.length());
        assertEquals(Encoding.AN, i308.encoding());
        assertTrue(Df03Items.INPATIENT.item(213).isEmpty());
        assertTrue(Df03Items.OUTPATIENT.item(212).isEmpty());
    }
}
