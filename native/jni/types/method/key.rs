//! The key under which a `PyJMethod` remembers its overload choice: the
//! argument types (ndarrays by dtype), held inline for a few arguments and
//! hashed by a multiply-rotate hasher, so a lookup allocates nothing and
//! costs a few instructions (the standard SipHash of a `Vec` cost more than
//! the rest of overload resolution).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How many arguments a key holds inline.
const INLINE: usize = 4;

/// The argument-type signature of one call.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TypeKey {
    /// Up to [`INLINE`] arguments: their count and type words (zero-padded).
    Few(usize, [usize; INLINE]),
    /// More arguments.
    Many(Vec<usize>),
}

impl TypeKey {
    /// The key of these per-argument type words.
    pub fn new(words: impl ExactSizeIterator<Item = usize>) -> TypeKey {
        let len = words.len();
        if len <= INLINE {
            let mut inline = [0; INLINE];
            for (slot, word) in inline.iter_mut().zip(words) {
                *slot = word;
            }
            TypeKey::Few(len, inline)
        } else {
            TypeKey::Many(words.collect())
        }
    }
}

/// A fast non-cryptographic hasher for keys made of pointers (the keys come
/// from type addresses, not from untrusted input).
#[derive(Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// Remembered choices: argument types → overload index.
pub type Choices = HashMap<TypeKey, usize, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash_of(key: &TypeKey) -> u64 {
        let mut hasher = WordHasher::default();
        key.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn few_arguments_stay_inline_and_pad_with_zeros() {
        assert_eq!(
            TypeKey::new([7usize, 9].into_iter()),
            TypeKey::Few(2, [7, 9, 0, 0])
        );
        assert_eq!(TypeKey::new(std::iter::empty()), TypeKey::Few(0, [0; 4]));
        assert_eq!(
            TypeKey::new([1usize, 2, 3, 4, 5].into_iter()),
            TypeKey::Many(vec![1, 2, 3, 4, 5])
        );
    }

    #[test]
    fn counts_and_order_tell_keys_apart() {
        let a = TypeKey::new([5usize].into_iter());
        let b = TypeKey::new([5usize, 0].into_iter());
        assert_ne!(a, b);
        assert_ne!(
            TypeKey::new([1usize, 2].into_iter()),
            TypeKey::new([2usize, 1].into_iter())
        );
        assert_eq!(
            hash_of(&TypeKey::new([3usize, 4].into_iter())),
            hash_of(&TypeKey::new([3usize, 4].into_iter()))
        );
    }

    #[test]
    fn remembers_per_key() {
        let mut choices = Choices::default();
        choices.insert(TypeKey::new([10usize].into_iter()), 1);
        choices.insert(TypeKey::new([11usize].into_iter()), 2);
        choices.insert(TypeKey::new((0..6usize).map(|i| i * 8)), 3);
        assert_eq!(choices.get(&TypeKey::new([10usize].into_iter())), Some(&1));
        assert_eq!(choices.get(&TypeKey::new([11usize].into_iter())), Some(&2));
        assert_eq!(
            choices.get(&TypeKey::new((0..6usize).map(|i| i * 8))),
            Some(&3)
        );
        assert_eq!(choices.get(&TypeKey::new([12usize].into_iter())), None);
    }
}
