package org.felicette.felis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoTest {

    @Test
    void answersOnceAndStaysBounded() {
        List<String> asked = new ArrayList<>();
        Memo<Integer> memo = new Memo<>(key -> {
            asked.add(key);
            return key.length();
        }, 3);
        assertThat(memo.get("deg")).isEqualTo(3);
        assertThat(memo.get("deg")).isEqualTo(3);
        assertThat(asked).containsExactly("deg");
        for (String key : List.of("a", "bb", "ccc", "dddd", "eeeee")) {
            memo.get(key);
        }
        // Full at three answers: it started again instead of growing, and answers as before.
        assertThat(memo.get("deg")).isEqualTo(3);
        assertThat(asked).containsExactly("deg", "a", "bb", "ccc", "dddd", "eeeee", "deg");
    }

    @Test
    void unitAndUcdAnswersAreTheSameWhenRemembered() {
        assertThat(Units.check("nJy.arcsec**2")).isEqualTo(Units.check("nJy.arcsec**2"));
        assertThat(Units.check("furlong").error()).contains("'furlong' is not a unit");
        assertThat(Units.check("furlong").error()).contains("'furlong' is not a unit");
        assertThat(Ucds.check("pos.eq.ra;meta.main")).isEmpty();
        assertThat(Ucds.check("meta.main")).contains("secondary word 'meta.main' is not valid as a primary word");
        assertThat(Ucds.check("meta.main")).contains("secondary word 'meta.main' is not valid as a primary word");
    }
}
