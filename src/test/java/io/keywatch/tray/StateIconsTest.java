package io.keywatch.tray;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywatch.core.WatchState;
import java.awt.Image;
import java.awt.image.BaseMultiResolutionImage;
import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateIconsTest {

    @Test
    void everyStateHasEveryVariantAtItsExactSize() {
        for (WatchState state : WatchState.values()) {
            BaseMultiResolutionImage icon = StateIcons.icon(state);
            List<Image> variants = icon.getResolutionVariants();
            assertThat(variants).hasSize(StateIcons.SIZES.size());
            for (int i = 0; i < variants.size(); i++) {
                int size = StateIcons.SIZES.get(i);
                assertThat(variants.get(i).getWidth(null)).as("%s width", state).isEqualTo(size);
                assertThat(variants.get(i).getHeight(null)).as("%s height", state).isEqualTo(size);
                assertThat(opaquePixels((BufferedImage) variants.get(i))).as("%s at %d px is drawn", state, size)
                        .isGreaterThan(size * size / 8);
            }
        }
    }

    @Test
    void theBaseImageIsTheVariantForTheTraySize() {
        assertThat(StateIcons.icon(WatchState.OK, 24).getResolutionVariant(24, 24).getWidth(null)).isEqualTo(24);
        assertThat(((BufferedImage) StateIcons.icon(WatchState.OK, 24).getResolutionVariants().get(2)).getWidth())
                .isEqualTo(24);
        BaseMultiResolutionImage odd = StateIcons.icon(WatchState.OK, 22);
        assertThat(odd.getResolutionVariants()).hasSize(StateIcons.SIZES.size() + 1);
        assertThat(odd.getWidth(null)).as("an odd tray size gets an exact base image").isEqualTo(22);
    }

    @Test
    void theFiveLooksDifferInPixelsAtEverySize() {
        for (int size : StateIcons.SIZES) {
            Set<String> seen = new HashSet<>();
            for (StateIcons.Look look : StateIcons.Look.values()) {
                assertThat(seen.add(fingerprint(StateIcons.render(look, size))))
                        .as("%s at %d px differs from the others", look, size).isTrue();
            }
        }
    }

    @Test
    void looksDifferInShapeNotOnlyColour() {
        // Compare colourless masks (transparent / white mark / body): what a colour-blind nurse or a grey
        // remote session still sees.
        for (int size : List.of(16, 32)) {
            Set<String> masks = new HashSet<>();
            for (StateIcons.Look look : StateIcons.Look.values()) {
                assertThat(masks.add(alphaMask(StateIcons.render(look, size)))).as("%s shape at %d", look, size).isTrue();
            }
        }
    }

    @Test
    void everyStateMapsToALookAndTheMainColourIsPresent() {
        Set<StateIcons.Look> used = EnumSet.noneOf(StateIcons.Look.class);
        for (WatchState s : WatchState.values()) {
            used.add(StateIcons.look(s));
        }
        assertThat(used).containsExactlyInAnyOrder(StateIcons.Look.values());
        for (StateIcons.Look look : StateIcons.Look.values()) {
            BufferedImage img = StateIcons.render(look, 32);
            int rgb = StateIcons.colour(look).getRGB() & 0xffffff;
            long hits = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    if ((img.getRGB(x, y) & 0xffffff) == rgb && (img.getRGB(x, y) >>> 24) == 255) {
                        hits++;
                    }
                }
            }
            assertThat(hits).as("%s is mostly its colour", look).isGreaterThan(60);
        }
    }

    @Test
    void iconsAreAntialiased() {
        BufferedImage img = StateIcons.render(StateIcons.Look.CHECK, 32);
        boolean partial = false;
        for (int y = 0; y < 32 && !partial; y++) {
            for (int x = 0; x < 32; x++) {
                int a = img.getRGB(x, y) >>> 24;
                if (a > 0 && a < 255) {
                    partial = true;
                    break;
                }
            }
        }
        assertThat(partial).as("edges have partial alpha").isTrue();
    }

    private static int opaquePixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) >>> 24) > 128) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String fingerprint(BufferedImage img) {
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                b.append(Integer.toHexString(img.getRGB(x, y))).append(',');
            }
        }
        return b.toString();
    }

    private static String alphaMask(BufferedImage img) {
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                boolean white = ((argb >> 16) & 0xff) > 200 && ((argb >> 8) & 0xff) > 200 && (argb & 0xff) > 200;
                b.append((argb >>> 24) <= 128 ? '.' : white ? 'w' : '#');
            }
        }
        return b.toString();
    }
}
