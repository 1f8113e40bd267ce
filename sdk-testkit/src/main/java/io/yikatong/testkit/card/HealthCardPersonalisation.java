package io.yikatong.testkit.card;

import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.core.InvalidInputException;

/**
 * Everything a virtual resident health card (居民健康卡) is personalised with (个人化): the DDF1 data
 * ({@link HealthCardProfile}), the DF01–DF03 data ({@link HealthCardContents}) and the seed its keys come from.
 *
 * <p>The card's keys are the master keys {@link InsecureSoftwareSecurityModule#developmentMasterKey(String,
 * io.yikatong.card.health.security.HealthCardKey)} of {@link #masterKeySeed()} diversified with the card's factors, so the
 * card works with a security module or virtual SAM built from the same seed ({@link
 * VirtualHealthCards#securityModule(String)}, {@link SamProfile#masterKeySeed()}) and refuses any other. The seed is
 * public test material, not a secret: these are development cards.
 *
 * <p>{@link #toString()} shows no personal data and not the seed.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param profile the DDF1 data
 * @param contents the DF01–DF03 data
 * @param masterKeySeed the seed of the master keys, not empty; {@link InsecureSoftwareSecurityModule#DEVELOPMENT_SEED}
 *     for cards that work with {@link InsecureSoftwareSecurityModule#development()}
 * @since 0.1
 */
public record HealthCardPersonalisation(HealthCardProfile profile, HealthCardContents contents, String masterKeySeed) {

    /**
     * Checks that no component is {@code null} and the seed is not empty.
     *
     * @throws InvalidInputException naming the component
     */
    public HealthCardPersonalisation {
        if (profile == null) {
            throw new InvalidInputException("profile", "is required");
        }
        if (contents == null) {
            throw new InvalidInputException("contents", "is required");
        }
        if (masterKeySeed == null || masterKeySeed.isEmpty()) {
            throw new InvalidInputException("masterKeySeed", "must not be empty");
        }
    }

    /**
     * A card with a profile's DDF1 data, blank DF01–DF03 and the development keys, as
     * {@link VirtualHealthCards#card(HealthCardProfile)} builds it.
     *
     * @param profile the DDF1 data
     * @return the personalisation
     * @throws InvalidInputException if the profile is {@code null}
     */
    public static HealthCardPersonalisation of(HealthCardProfile profile) {
        return new HealthCardPersonalisation(profile, HealthCardContents.EMPTY,
                InsecureSoftwareSecurityModule.DEVELOPMENT_SEED);
    }

    /**
     * Returns a copy with other DF01–DF03 contents.
     *
     * @param newContents the contents
     * @return the copy
     * @throws InvalidInputException if the contents are {@code null}
     */
    public HealthCardPersonalisation withContents(HealthCardContents newContents) {
        return new HealthCardPersonalisation(profile, newContents, masterKeySeed);
    }

    /**
     * Returns a copy whose keys come from another seed.
     *
     * @param seed the seed, not empty
     * @return the copy
     * @throws InvalidInputException if the seed is {@code null} or empty
     */
    public HealthCardPersonalisation withMasterKeySeed(String seed) {
        return new HealthCardPersonalisation(profile, contents, seed);
    }

    /**
     * Returns a description without personal data or the seed.
     *
     * @return the profile's and the contents' masked descriptions and whether the development seed is used
     */
    @Override
    public String toString() {
        return "HealthCardPersonalisation[" + profile + ", " + contents + ", developmentKeys="
                + masterKeySeed.equals(InsecureSoftwareSecurityModule.DEVELOPMENT_SEED) + "]";
    }
}
