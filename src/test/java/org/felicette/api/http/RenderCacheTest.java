package org.felicette.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderCacheTest {

    @Test
    void completedRenderingIsKept() throws IOException {
        RenderCache cache = new RenderCache(1000, 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.render("k", Map.of("x-vosi-owner", "alice"), out, o -> o.write("hello".getBytes()), () -> true);
        assertThat(out.toString()).isEqualTo("hello");
        assertThat(cache.get("k").body()).isEqualTo("hello".getBytes());
        assertThat(cache.get("k").headers()).containsEntry("x-vosi-owner", "alice");
    }

    @Test
    void failedRenderingKeepsNothing() {
        RenderCache cache = new RenderCache(1000, 100);
        assertThatThrownBy(() -> cache.render("k", Map.of(), new ByteArrayOutputStream(), o -> {
            o.write("half".getBytes());
            throw new IOException("client went away");
        }, () -> true)).isInstanceOf(IOException.class);
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void renderingThatReadSomethingElseIsStreamedButNotKept() throws IOException {
        RenderCache cache = new RenderCache(1000, 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.render("k", Map.of(), out, o -> o.write("newer".getBytes()), () -> false);
        assertThat(out.toString()).isEqualTo("newer");
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void renderingOverTheEntryCapIsStreamedButNotKept() throws IOException {
        RenderCache cache = new RenderCache(1000, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.render("k", Map.of(), out, o -> o.write("too long".getBytes()), () -> true);
        assertThat(out.toString()).isEqualTo("too long");
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void leastRecentlyUsedLeavesFirstWhenOverBudget() throws IOException {
        RenderCache cache = new RenderCache(10, 10);
        cache.render("a", Map.of(), new ByteArrayOutputStream(), o -> o.write(new byte[4]), () -> true);
        cache.render("b", Map.of(), new ByteArrayOutputStream(), o -> o.write(new byte[4]), () -> true);
        cache.get("a");
        cache.render("c", Map.of(), new ByteArrayOutputStream(), o -> o.write(new byte[4]), () -> true);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
    }
}
