//! Overload resolution: which Java parameter types a Python argument may be
//! passed as, and how well. Each argument is classified once ([`Arg`], see
//! [`classify`]); [`score`] is a pure table from (argument kind, parameter
//! target) to a cost — lower is better, `None` means the argument cannot be
//! passed there. A call's candidates are the overloads whose every argument
//! scores; they are tried cheapest first (ties: the more specific parameter
//! classes first), the first whose arguments convert is called.
//!
//! The table follows Jep's observable rules: a Python `int` is a `long` first
//! (then the narrower integers that hold it, then floating point — but only
//! when it fits a `long`); primitives rank before boxes; a boxed floating
//! parameter does not take an `int`; a primitive `boolean` takes any value by
//! its truth; a `str` prefers `String` over `char`; a `list` prefers
//! `ArrayList`, a `tuple` `List` (a tuple is never an `ArrayList`).

pub mod classify;

use crate::jni::primitive::Prim;
use crate::jni::to_java::Target;

/// The width class of a Python `int`: the narrowest Java integer holding it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum IntFit {
    /// Fits a `byte`.
    Byte,
    /// Fits a `short`.
    Short,
    /// Fits an `int`.
    Int,
    /// Fits a `long`.
    Long,
    /// Fits no Java primitive (only `BigInteger`, `Number`, `Object`).
    Big,
}

impl IntFit {
    /// The fit of an integer value that is known to fit a `long`.
    pub fn of(value: i64) -> IntFit {
        if i8::try_from(value).is_ok() {
            IntFit::Byte
        } else if i16::try_from(value).is_ok() {
            IntFit::Short
        } else if i32::try_from(value).is_ok() {
            IntFit::Int
        } else {
            IntFit::Long
        }
    }

    fn holds(self, prim: Prim) -> bool {
        let needed = match prim {
            Prim::Byte => IntFit::Byte,
            Prim::Short => IntFit::Short,
            Prim::Int => IntFit::Int,
            Prim::Long | Prim::Float | Prim::Double => IntFit::Long,
            Prim::Boolean | Prim::Char => return false,
        };
        self <= needed
    }
}

/// What a Python argument is, for overload resolution.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Arg {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool,
    /// An `int` (not a `bool`).
    Int(IntFit),
    /// A `float`.
    Float,
    /// A `str`; `one_unit` when it is one UTF-16 code unit (a `char`).
    Str {
        /// One UTF-16 code unit long.
        one_unit: bool,
    },
    /// `bytes` or `bytearray`.
    Bytes,
    /// Another object exporting a buffer (`array.array`, `memoryview`) whose
    /// items are of this primitive kind (None: a format Java has no kind for).
    Buffer(Option<Prim>),
    /// A `list`.
    List,
    /// A `tuple`.
    Tuple,
    /// A `dict`.
    Dict,
    /// A `set` or `frozenset`.
    Set,
    /// A Java object (a wrapper, a Java array, or the Python class of a Java
    /// class, which stands for its `java.lang.Class`).
    Java,
    /// Any other callable.
    Callable,
    /// Anything else.
    Other,
}

/// An exact match.
pub const EXACT: u32 = 0;
/// Added when the parameter is the box of the matching primitive.
pub const BOXED: u32 = 1;
/// A Java object whose class is the parameter's (or a subclass).
pub const JAVA_INSTANCE: u32 = 1;
/// A Java box object passed to its primitive parameter (unboxing).
pub const JAVA_UNBOX: u32 = 2;
/// A Python int narrowed to `int` (it fits).
pub const INT_AS_INT: u32 = 2;
/// A Python int narrowed to `short` (it fits).
pub const INT_AS_SHORT: u32 = 4;
/// A Python int narrowed to `byte` (it fits).
pub const INT_AS_BYTE: u32 = 6;
/// A Python int as `double` (it fits a `long`).
pub const INT_AS_DOUBLE: u32 = 8;
/// A Python int as `float` (it fits a `long`).
pub const INT_AS_FLOAT: u32 = 10;
/// A Python int as `BigInteger` or `Number`.
pub const INT_AS_BIG: u32 = 12;
/// A Python int as `Object` (a `Long`, or a `BigInteger` when it does not fit).
pub const INT_AS_OBJECT: u32 = 13;
/// A Python float as `float`.
pub const FLOAT_AS_FLOAT: u32 = 2;
/// A Python float as `Number`.
pub const FLOAT_AS_NUMBER: u32 = 4;
/// A Python float as `Object` (a `Double`).
pub const FLOAT_AS_OBJECT: u32 = 5;
/// A one-unit `str` as `char`.
pub const STR_AS_CHAR: u32 = 1;
/// A `str` as another class `String` implements (`CharSequence`, …).
pub const STR_AS_SUPERTYPE: u32 = 3;
/// A `str` as `Object`.
pub const STR_AS_OBJECT: u32 = 4;
/// A `bool` as `Object` (a `Boolean`).
pub const BOOL_AS_OBJECT: u32 = 3;
/// A `bool` as a primitive number (0 or 1).
pub const BOOL_AS_NUMBER: u32 = 15;
/// A Java object as `Object`.
pub const JAVA_AS_OBJECT: u32 = 4;
/// `None` as `Object`.
pub const NONE_AS_OBJECT: u32 = 4;
/// `None` as any other reference type.
pub const NONE_AS_REFERENCE: u32 = 5;
/// A list as `ArrayList`, a list or tuple as… see the collection constants.
pub const LIST_AS_ARRAY_LIST: u32 = 1;
/// A list or tuple as `List`.
pub const SEQUENCE_AS_LIST: u32 = 2;
/// A list, tuple or set as `Collection` / `Iterable`.
pub const AS_COLLECTION: u32 = 3;
/// A list or tuple as a Java array (converted element by element).
pub const SEQUENCE_AS_ARRAY: u32 = 2;
/// A dict as `Map`, a set as `Set`.
pub const AS_MAP_OR_SET: u32 = 1;
/// A container or other object as `Object` (its default conversion).
pub const CONTAINER_AS_OBJECT: u32 = 6;
/// Any value as a `PyObject` / `PyCallable` parameter.
pub const AS_PY_OBJECT: u32 = 8;
/// A value tried against an unrelated class (a callable as a functional
/// interface; a conversion whose class is checked afterwards).
pub const AS_OTHER: u32 = 9;
/// Any value as a primitive `boolean`, by its truth (worse than any other
/// single match, varargs packing included).
pub const TRUTHINESS: u32 = 30;
/// Added once to a varargs overload, so a fixed-arity one wins ties.
pub const VARARGS: u32 = 20;

/// The cost of passing `arg` as a parameter of `target`. `fits` answers
/// whether the Java object `arg` is (or converts to by default) is an
/// instance of the parameter's class; it is only asked for reference targets.
pub fn score(arg: Arg, target: Target, fits: &dyn Fn() -> bool) -> Option<u32> {
    use Target as T;
    let boxed = |t: Target| u32::from(matches!(t, T::Boxed(_))) * BOXED;
    match (arg, target) {
        (_, T::PyObject) => Some(AS_PY_OBJECT),
        (Arg::Callable | Arg::Java, T::PyCallable) => Some(AS_PY_OBJECT),
        (_, T::PyCallable) => None,
        (Arg::None, T::Prim(_)) => None,
        (Arg::None, T::Object) => Some(NONE_AS_OBJECT),
        (Arg::None, _) => Some(NONE_AS_REFERENCE),
        (Arg::Java, T::Object) => Some(JAVA_AS_OBJECT),
        (Arg::Java, T::Prim(_)) => fits().then_some(JAVA_UNBOX),
        (Arg::Java, _) => fits().then_some(JAVA_INSTANCE),
        (_, T::Prim(Prim::Boolean)) if arg != Arg::Bool => Some(TRUTHINESS),
        (Arg::Bool, T::Prim(Prim::Boolean) | T::Boxed(Prim::Boolean)) => {
            Some(EXACT + boxed(target))
        }
        (Arg::Bool, T::Prim(Prim::Char)) => None,
        (Arg::Bool, T::Prim(_)) => Some(BOOL_AS_NUMBER),
        (Arg::Bool, T::Object) => Some(BOOL_AS_OBJECT),
        (Arg::Bool, T::Other(_)) => fits().then_some(AS_OTHER),
        (Arg::Bool, _) => None,
        (Arg::Int(fit), T::Prim(prim) | T::Boxed(prim)) => {
            let base = match prim {
                Prim::Long => EXACT,
                Prim::Int => INT_AS_INT,
                Prim::Short => INT_AS_SHORT,
                Prim::Byte => INT_AS_BYTE,
                // A boxed floating parameter does not take an int (as in Jep).
                Prim::Double | Prim::Float if matches!(target, T::Boxed(_)) => return None,
                Prim::Double => INT_AS_DOUBLE,
                Prim::Float => INT_AS_FLOAT,
                Prim::Boolean | Prim::Char => return None,
            };
            fit.holds(prim).then_some(base + boxed(target))
        }
        (Arg::Int(_), T::BigInteger | T::Number) => Some(INT_AS_BIG),
        (Arg::Int(_), T::Object) => Some(INT_AS_OBJECT),
        (Arg::Int(_), T::Other(_)) => fits().then_some(AS_OTHER),
        (Arg::Int(_), _) => None,
        (Arg::Float, T::Prim(Prim::Double) | T::Boxed(Prim::Double)) => Some(EXACT + boxed(target)),
        (Arg::Float, T::Prim(Prim::Float) | T::Boxed(Prim::Float)) => {
            Some(FLOAT_AS_FLOAT + boxed(target))
        }
        (Arg::Float, T::Number) => Some(FLOAT_AS_NUMBER),
        (Arg::Float, T::Object) => Some(FLOAT_AS_OBJECT),
        (Arg::Float, T::Other(_)) => fits().then_some(AS_OTHER),
        (Arg::Float, _) => None,
        (Arg::Str { .. }, T::String) => Some(EXACT),
        (Arg::Str { one_unit: true }, T::Prim(Prim::Char) | T::Boxed(Prim::Char)) => {
            Some(STR_AS_CHAR + boxed(target))
        }
        (Arg::Str { .. }, T::Other(_)) => fits().then_some(STR_AS_SUPERTYPE),
        (Arg::Str { .. }, T::Object) => Some(STR_AS_OBJECT),
        (Arg::Str { .. }, _) => None,
        (_, T::Prim(_) | T::Boxed(_) | T::String | T::BigInteger | T::Number) => None,
        (Arg::Bytes, T::PrimArray(Prim::Byte)) => Some(EXACT),
        (Arg::Buffer(Some(kind)), T::PrimArray(prim)) if kind == prim => Some(EXACT),
        (Arg::List, T::ArrayList) => Some(LIST_AS_ARRAY_LIST),
        (Arg::List | Arg::Tuple, T::List) => Some(SEQUENCE_AS_LIST),
        (Arg::List | Arg::Tuple | Arg::Set, T::Collection) => Some(AS_COLLECTION),
        (Arg::List | Arg::Tuple, T::PrimArray(_) | T::ObjectArray(_)) => Some(SEQUENCE_AS_ARRAY),
        (Arg::Dict, T::Map) => Some(AS_MAP_OR_SET),
        (Arg::Set, T::Set) => Some(AS_MAP_OR_SET),
        (_, T::Object) => Some(CONTAINER_AS_OBJECT),
        (_, T::Other(_)) => Some(AS_OTHER),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YES: &dyn Fn() -> bool = &|| true;
    const NO: &dyn Fn() -> bool = &|| false;

    fn best(arg: Arg, targets: &[Target]) -> Option<usize> {
        targets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| score(arg, *t, NO).map(|s| (s, i)))
            .min()
            .map(|(_, i)| i)
    }

    #[test]
    fn int_prefers_long_then_narrower() {
        let all = Prim::ALL.map(Target::Prim);
        assert_eq!(
            all[best(Arg::Int(IntFit::Byte), &all).unwrap()],
            Target::Prim(Prim::Long)
        );
        let narrow = [Target::Prim(Prim::Short), Target::Prim(Prim::Int)];
        assert_eq!(best(Arg::Int(IntFit::Short), &narrow), Some(1));
        assert_eq!(best(Arg::Int(IntFit::Long), &narrow), None);
    }

    #[test]
    fn big_int_never_becomes_floating() {
        for prim in Prim::ALL.into_iter().filter(|p| *p != Prim::Boolean) {
            assert_eq!(score(Arg::Int(IntFit::Big), Target::Prim(prim), NO), None);
            assert_eq!(score(Arg::Int(IntFit::Big), Target::Boxed(prim), NO), None);
        }
        assert!(score(Arg::Int(IntFit::Big), Target::BigInteger, NO).is_some());
    }

    #[test]
    fn boxed_floating_refuses_int() {
        assert_eq!(
            score(Arg::Int(IntFit::Byte), Target::Boxed(Prim::Double), NO),
            None
        );
        assert_eq!(score(Arg::Bool, Target::Boxed(Prim::Float), NO), None);
        let float = [Target::Prim(Prim::Float), Target::Boxed(Prim::Float)];
        assert_eq!(best(Arg::Int(IntFit::Byte), &float), Some(0));
    }

    #[test]
    fn primitive_boolean_takes_any_truth() {
        for arg in [
            Arg::Tuple,
            Arg::Float,
            Arg::Str { one_unit: false },
            Arg::Dict,
        ] {
            assert_eq!(
                score(arg, Target::Prim(Prim::Boolean), NO),
                Some(TRUTHINESS)
            );
            assert_eq!(score(arg, Target::Boxed(Prim::Boolean), NO), None);
        }
        let all = Prim::ALL.map(Target::Prim);
        assert_eq!(
            all[best(Arg::Tuple, &all).unwrap()],
            Target::Prim(Prim::Boolean)
        );
        assert_eq!(
            all[best(Arg::Bool, &all).unwrap()],
            Target::Prim(Prim::Boolean)
        );
    }

    #[test]
    fn bool_is_a_primitive_number_but_not_a_box() {
        assert_eq!(
            score(Arg::Bool, Target::Prim(Prim::Byte), NO),
            Some(BOOL_AS_NUMBER)
        );
        assert_eq!(score(Arg::Bool, Target::Boxed(Prim::Int), NO), None);
    }

    #[test]
    fn collections() {
        let targets = [Target::ArrayList, Target::List, Target::Object];
        assert_eq!(best(Arg::List, &targets), Some(0));
        assert_eq!(best(Arg::Tuple, &targets), Some(1));
        assert_eq!(
            best(Arg::Tuple, &[Target::ArrayList, Target::Object]),
            Some(1)
        );
    }

    #[test]
    fn strings_and_none() {
        let targets = [Target::Prim(Prim::Char), Target::String];
        assert_eq!(best(Arg::Str { one_unit: true }, &targets), Some(1));
        assert_eq!(best(Arg::None, &[Target::Object, Target::String]), Some(0));
        assert_eq!(score(Arg::None, Target::Prim(Prim::Int), NO), None);
    }

    #[test]
    fn java_objects_need_to_fit() {
        assert_eq!(score(Arg::Java, Target::List, NO), None);
        assert_eq!(score(Arg::Java, Target::List, YES), Some(JAVA_INSTANCE));
        assert!(score(Arg::Java, Target::List, YES) < score(Arg::Java, Target::Object, YES));
    }

    #[test]
    fn buffers_match_their_kind() {
        let ints = Target::PrimArray(Prim::Int);
        assert_eq!(score(Arg::Buffer(Some(Prim::Int)), ints, NO), Some(EXACT));
        assert_eq!(score(Arg::Buffer(Some(Prim::Float)), ints, NO), None);
        assert_eq!(
            score(Arg::Bytes, Target::PrimArray(Prim::Byte), NO),
            Some(EXACT)
        );
    }
}
