/**
 * Domain value types of Chinese health and social-security data: the citizen identification number
 * ({@link io.yikatong.core.domain.ResidentIdNumber}) and the national code tables used on the cards, each an enum
 * implementing {@link io.yikatong.core.domain.CodedValue} with the standard's code, Chinese label and an English name,
 * {@code find(code)} returning an {@code Optional} and {@code decode(code)} throwing
 * {@link io.yikatong.core.MalformedDataException} for codes read from a card. Values such as ID numbers are personal
 * data: their {@code toString} is masked and error messages never echo them.
 *
 * <p>Glossary (Chinese term → identifier):
 * <table>
 * <caption>Terms</caption>
 * <tr><th>Chinese</th><th>Identifier</th><th>Standard</th></tr>
 * <tr><td>公民身份号码 / 居民身份证号码</td><td>{@code ResidentIdNumber}</td><td>GB 11643-1999</td></tr>
 * <tr><td>行政区划代码 (地址码)</td><td>{@code ResidentIdNumber.regionCode()}</td><td>GB/T 2260</td></tr>
 * <tr><td>出生日期码</td><td>{@code ResidentIdNumber.birthDate()}</td><td>GB 11643-1999</td></tr>
 * <tr><td>顺序码</td><td>{@code ResidentIdNumber.sequenceCode()}</td><td>GB 11643-1999</td></tr>
 * <tr><td>校验码</td><td>{@code ResidentIdNumber.checkCharacter()}</td><td>ISO 7064 MOD 11-2</td></tr>
 * <tr><td>性别代码</td><td>{@code Gender}</td><td>GB/T 2261.1-2003</td></tr>
 * <tr><td>民族代码</td><td>{@code Nation}</td><td>GB 3304-1991</td></tr>
 * <tr><td>婚姻状况代码</td><td>{@code MaritalStatus}</td><td>GB/T 2261.2-2003</td></tr>
 * <tr><td>身份证件类别代码 (证件类别)</td><td>{@code IdDocumentType}</td><td>WS 364 CV02.01.101</td></tr>
 * <tr><td>ABO血型代码</td><td>{@code AboBloodType}</td><td>WS 364 CV04.50.005</td></tr>
 * <tr><td>Rh血型代码</td><td>{@code RhBloodType}</td><td>WS 364 CV04.50.020</td></tr>
 * </table>
 */
package io.yikatong.core.domain;
