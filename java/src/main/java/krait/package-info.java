/**
 * krait's own API beyond Jep's: diagnostics and the kinds of errors.
 *
 * <p>Types are non-null unless marked {@code @Nullable} (JSpecify).
 */
@NullMarked
package krait;

import org.jspecify.annotations.NullMarked;
