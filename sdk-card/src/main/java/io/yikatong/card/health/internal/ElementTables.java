package io.yikatong.card.health.internal;

import io.yikatong.card.health.HealthCardFile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The element tables of the TLV record files, exactly as the project's health-card reference lists them (§1.4 DDF1,
 * §1.5 DF01/DF02; tags and lengths [C-vendor]).
 *
 * <p>The class holds no state besides constant tables. Instances are immutable and thread-safe.
 */
public final class ElementTables {

    private static final Map<HealthCardFile, List<TlvElement>> TABLES = new EnumMap<>(HealthCardFile.class);

    static {
        TABLES.put(HealthCardFile.DDF1_EF05, List.of(
                e(1, 0x01, 1, Encoding.AN, "卡的类别 KLB"),
                e(2, 0x02, 4, Encoding.AN, "规范版本 GFBB"),
                e(3, 0x03, 30, Encoding.AN, "发卡机构名称 FKJGMC"),
                e(4, 0x04, 11, Encoding.CN, "发卡机构代码 FKJGDM"),
                e(5, 0x05, 180, Encoding.B, "发卡机构证书 FKJGZS"),
                e(6, 0x06, 4, Encoding.CN, "发卡时间 FKSJ"),
                e(7, 0x08, 18, Encoding.AN, "卡号 KH"),
                e(8, 0x09, 3, Encoding.AN, "安全码 AQM"),
                e(9, 0x0A, 10, Encoding.AN, "芯片序列号 XPXLH"),
                e(10, 0x39, 3, Encoding.CN, "应用城市代码 YYCSDM")));
        TABLES.put(HealthCardFile.DDF1_EF06, List.of(
                e(1, 0x0B, 30, Encoding.AN, "姓名 XM"),
                e(2, 0x0C, 1, Encoding.B, "性别代码 XB"),
                e(3, 0x0D, 1, Encoding.CN, "民族代码 MZ"),
                e(4, 0x0E, 4, Encoding.CN, "出生日期 CSRQ"),
                e(5, 0x0F, 18, Encoding.AN, "居民身份证号码 SFZH")));
        TABLES.put(HealthCardFile.DDF1_EF08, List.of(
                e(1, 0x07, 4, Encoding.CN, "卡有效期 KYXQ"),
                e(2, 0x10, 20, Encoding.AN, "本人电话1 BRDH1"),
                e(3, 0x11, 20, Encoding.AN, "本人电话2 BRDH2"),
                e(4, 0x12, 1, Encoding.CN, "医疗费用支付方式1 YLFYZFFS1"),
                e(5, 0x13, 1, Encoding.CN, "医疗费用支付方式2 YLFYZFFS2"),
                e(6, 0x14, 1, Encoding.CN, "医疗费用支付方式3 YLFYZFFS3")));
        TABLES.put(HealthCardFile.DF01_EF05, List.of(
                e(1, 0x15, 1, Encoding.CN, "地址类别1 DZLB1"),
                e(2, 0x16, 100, Encoding.AN, "地址1 DZ1"),
                e(3, 0x17, 1, Encoding.CN, "地址类别2 DZLB2"),
                e(4, 0x18, 100, Encoding.AN, "地址2 DZ2")));
        List<TlvElement> contacts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            contacts.add(e(1 + 3 * i, 0x19 + 3 * i, 30, Encoding.AN, "联系人姓名" + (i + 1) + " LXRXM"));
            contacts.add(e(2 + 3 * i, 0x1A + 3 * i, 1, Encoding.CN, "联系人关系代码" + (i + 1) + " LXRGX"));
            contacts.add(e(3 + 3 * i, 0x1B + 3 * i, 20, Encoding.AN, "联系人电话" + (i + 1) + " LXRDH"));
        }
        TABLES.put(HealthCardFile.DF01_EF06, List.copyOf(contacts));
        TABLES.put(HealthCardFile.DF01_EF07, List.of(
                e(1, 0x22, 1, Encoding.CN, "文化程度代码 WHCD"),
                e(2, 0x23, 1, Encoding.CN, "婚姻状况代码 HYZK"),
                e(3, 0x24, 3, Encoding.AN, "职业代码 ZY")));
        TABLES.put(HealthCardFile.DF01_EF08, List.of(
                e(1, 0x25, 1, Encoding.CN, "证件类别代码 ZJLB"),
                e(2, 0x26, 18, Encoding.AN, "证件号码 ZJHM"),
                e(3, 0x27, 17, Encoding.AN, "健康档案编号 JKDAH"),
                e(4, 0x28, 18, Encoding.AN, "新农合证(卡)号 XNHZH")));
        String[] flags = {"哮喘标志 XCBZ", "心脏病标志 XZBBZ", "心脑血管病标志 XNXGBBZ", "癫痫病标志 DXBBZ",
            "凝血紊乱标志 NXWLBZ", "糖尿病标志 TNBBZ", "青光眼标志 QGYBZ", "透析标志 TXBZ", "器官移植标志 QGYZBZ",
            "器官缺失标志 QGQSBZ", "可装卸的义肢标志 KZXYZBZ", "心脏起搏器标志 XZQBQBZ"};
        List<TlvElement> clinical = new ArrayList<>();
        clinical.add(e(1, 0x29, 1, Encoding.B, "ABO血型代码 ABOXX"));
        clinical.add(e(2, 0x2A, 1, Encoding.CN, "RH血型代码 RHXX"));
        for (int i = 0; i < flags.length; i++) {
            clinical.add(e(3 + i, 0x2B + i, 1, Encoding.B, flags[i]));
        }
        clinical.add(e(15, 0x37, 40, Encoding.AN, "其他医学警示名称 QTYXJSMC"));
        TABLES.put(HealthCardFile.DF02_EF05, List.copyOf(clinical));
        TABLES.put(HealthCardFile.DF02_EF06, List.of(e(1, 0x38, 1, Encoding.B, "精神病标志 JSBBZ")));
    }

    private ElementTables() {
    }

    /**
     * Returns the element table of a TLV record file, in record-number order.
     *
     * @param file the file
     * @return the elements
     * @throws IllegalArgumentException if the file is not a TLV record file
     */
    public static List<TlvElement> of(HealthCardFile file) {
        List<TlvElement> table = TABLES.get(file);
        if (table == null) {
            throw new IllegalArgumentException(file.label() + " is not a TLV record file");
        }
        return table;
    }

    private static TlvElement e(int record, int tag, int maxLength, Encoding encoding, String name) {
        return new TlvElement(record, tag, maxLength, encoding, name);
    }
}
