package io.yikatong.core.domain;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.internal.CodeTables;
import java.util.Optional;

/**
 * 民族代码: the names of China's ethnic groups with codes (GB 3304-1991, 中国各民族名称的罗马字母拼写法和代码), the
 * health card's 民族 (DDF1/EF06 tag 0D, 1-byte CN) and the social security card's 民族 (SSSE/EF06 tag 0B).
 *
 * <p>Codes 01–56 in the standard's order, plus 97 其他 (other, not identified) and 98 外国血统中国籍人士 (Chinese citizen of
 * foreign origin). English names are the standard's romanized spellings (Zang = Tibetan, Chosen = Korean, Man = Manchu,
 * Russ = Russian, Gin = Jing).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Nation implements CodedValue {
    /** 汉族 (01). */
    HAN("01", "汉族", "Han"),
    /** 蒙古族 (02). */
    MONGOL("02", "蒙古族", "Mongol"),
    /** 回族 (03). */
    HUI("03", "回族", "Hui"),
    /** 藏族 (04). */
    ZANG("04", "藏族", "Zang"),
    /** 维吾尔族 (05). */
    UYGUR("05", "维吾尔族", "Uygur"),
    /** 苗族 (06). */
    MIAO("06", "苗族", "Miao"),
    /** 彝族 (07). */
    YI("07", "彝族", "Yi"),
    /** 壮族 (08). */
    ZHUANG("08", "壮族", "Zhuang"),
    /** 布依族 (09). */
    BUYEI("09", "布依族", "Buyei"),
    /** 朝鲜族 (10). */
    CHOSEN("10", "朝鲜族", "Chosen"),
    /** 满族 (11). */
    MAN("11", "满族", "Man"),
    /** 侗族 (12). */
    DONG("12", "侗族", "Dong"),
    /** 瑶族 (13). */
    YAO("13", "瑶族", "Yao"),
    /** 白族 (14). */
    BAI("14", "白族", "Bai"),
    /** 土家族 (15). */
    TUJIA("15", "土家族", "Tujia"),
    /** 哈尼族 (16). */
    HANI("16", "哈尼族", "Hani"),
    /** 哈萨克族 (17). */
    KAZAK("17", "哈萨克族", "Kazak"),
    /** 傣族 (18). */
    DAI("18", "傣族", "Dai"),
    /** 黎族 (19). */
    LI("19", "黎族", "Li"),
    /** 傈僳族 (20). */
    LISU("20", "傈僳族", "Lisu"),
    /** 佤族 (21). */
    VA("21", "佤族", "Va"),
    /** 畲族 (22). */
    SHE("22", "畲族", "She"),
    /** 高山族 (23). */
    GAOSHAN("23", "高山族", "Gaoshan"),
    /** 拉祜族 (24). */
    LAHU("24", "拉祜族", "Lahu"),
    /** 水族 (25). */
    SUI("25", "水族", "Sui"),
    /** 东乡族 (26). */
    DONGXIANG("26", "东乡族", "Dongxiang"),
    /** 纳西族 (27). */
    NAXI("27", "纳西族", "Naxi"),
    /** 景颇族 (28). */
    JINGPO("28", "景颇族", "Jingpo"),
    /** 柯尔克孜族 (29). */
    KIRGIZ("29", "柯尔克孜族", "Kirgiz"),
    /** 土族 (30). */
    TU("30", "土族", "Tu"),
    /** 达斡尔族 (31). */
    DAUR("31", "达斡尔族", "Daur"),
    /** 仫佬族 (32). */
    MULAO("32", "仫佬族", "Mulao"),
    /** 羌族 (33). */
    QIANG("33", "羌族", "Qiang"),
    /** 布朗族 (34). */
    BLANG("34", "布朗族", "Blang"),
    /** 撒拉族 (35). */
    SALAR("35", "撒拉族", "Salar"),
    /** 毛南族 (36). */
    MAONAN("36", "毛南族", "Maonan"),
    /** 仡佬族 (37). */
    GELAO("37", "仡佬族", "Gelao"),
    /** 锡伯族 (38). */
    XIBE("38", "锡伯族", "Xibe"),
    /** 阿昌族 (39). */
    ACHANG("39", "阿昌族", "Achang"),
    /** 普米族 (40). */
    PUMI("40", "普米族", "Pumi"),
    /** 塔吉克族 (41). */
    TAJIK("41", "塔吉克族", "Tajik"),
    /** 怒族 (42). */
    NU("42", "怒族", "Nu"),
    /** 乌孜别克族 (43). */
    UZBEK("43", "乌孜别克族", "Uzbek"),
    /** 俄罗斯族 (44). */
    RUSS("44", "俄罗斯族", "Russ"),
    /** 鄂温克族 (45). */
    EWENKI("45", "鄂温克族", "Ewenki"),
    /** 德昂族 (46). */
    DEANG("46", "德昂族", "Deang"),
    /** 保安族 (47). */
    BONAN("47", "保安族", "Bonan"),
    /** 裕固族 (48). */
    YUGUR("48", "裕固族", "Yugur"),
    /** 京族 (49). */
    GIN("49", "京族", "Gin"),
    /** 塔塔尔族 (50). */
    TATAR("50", "塔塔尔族", "Tatar"),
    /** 独龙族 (51). */
    DERUNG("51", "独龙族", "Derung"),
    /** 鄂伦春族 (52). */
    OROQEN("52", "鄂伦春族", "Oroqen"),
    /** 赫哲族 (53). */
    HEZHEN("53", "赫哲族", "Hezhen"),
    /** 门巴族 (54). */
    MONBA("54", "门巴族", "Monba"),
    /** 珞巴族 (55). */
    LHOBA("55", "珞巴族", "Lhoba"),
    /** 基诺族 (56). */
    JINO("56", "基诺族", "Jino"),
    /** 其他 (97). */
    OTHER("97", "其他", "Other"),
    /** 外国血统中国籍人士 (98). */
    FOREIGN_ORIGIN("98", "外国血统中国籍人士", "Chinese citizen of foreign origin");

    private static final CodeTables<Nation> TABLE = CodeTables.of(Nation.class, "ethnic group code (GB 3304)");

    private final String code;
    private final String chineseLabel;
    private final String englishName;

    Nation(String code, String chineseLabel, String englishName) {
        this.code = code;
        this.chineseLabel = chineseLabel;
        this.englishName = englishName;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String chineseLabel() {
        return chineseLabel;
    }

    @Override
    public String englishName() {
        return englishName;
    }

    /**
     * Looks up a code.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry, or empty if the code is not in the table
     */
    public static Optional<Nation> find(String code) {
        return TABLE.find(code);
    }

    /**
     * Decodes a code read from a card or another outside source.
     *
     * @param code the code string, exactly as the standard writes it
     * @return the entry
     * @throws MalformedDataException if the code is not in the table (the message does not echo the code)
     */
    public static Nation decode(String code) throws MalformedDataException {
        return TABLE.decode(code);
    }
}
