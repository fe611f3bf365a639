/**
 * krait's JSR-223 ({@code javax.script}) engine.
 *
 * <p>Types are non-null unless marked {@code @Nullable} (JSpecify).
 */
@NullMarked
package krait.script;

import org.jspecify.annotations.NullMarked;
