//! Building lists and dicts: `krait_list_push` and `krait_dict_insert`.

use super::args::borrow;
use super::error::{status, KraitStatus};
use super::value::{KraitValue, Value};
use crate::core::Error;

/// Appends `item` to `list`, which takes ownership of it: on success do not use or
/// free `item` yourself any more. On failure (`list` not a LIST, a NULL argument,
/// or `item` being `list` or containing it) nothing changes and the caller still
/// owns `item`.
///
/// # Safety
/// `list` and `item` are NULL or owned values from krait; `item` is not borrowed
/// from another value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_list_push(
    list: *mut KraitValue,
    item: *mut KraitValue,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or live values.
        let (target, owned) = unsafe { (borrow(list, "list")?, borrow(item, "item")?) };
        expect_tag(target, "list", "LIST", |v| matches!(v, Value::List(_)))?;
        refuse_cycle(owned, list, "item", "list")?;
        // SAFETY: `item` is an owned box, distinct from `list` and not inside it
        // (checked above, or promised by the caller), so taking it is sound.
        let owned = unsafe { Box::from_raw(item) };
        // SAFETY: `list` is live and no other reference to it is used from here on.
        if let Value::List(items) = &mut unsafe { &mut *list }.0 {
            items.push(owned);
        }
        Ok(())
    })
}

/// Adds the entry `key: value` at the end of `dict`, which takes ownership of both:
/// on success do not use or free them yourself any more. On failure (`dict` not a
/// DICT, a NULL argument, the same pointer twice, or a cycle) nothing changes and the
/// caller still owns `key` and `value`. Keys are not checked for duplicates: when
/// the dict is converted to Python the last equal key wins.
///
/// # Safety
/// `dict`, `key` and `value` are NULL or owned values from krait; neither `key` nor
/// `value` is borrowed from another value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_dict_insert(
    dict: *mut KraitValue,
    key: *mut KraitValue,
    value: *mut KraitValue,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or live values.
        let (target, key_ref, value_ref) = unsafe {
            (
                borrow(dict, "dict")?,
                borrow(key, "key")?,
                borrow(value, "value")?,
            )
        };
        expect_tag(target, "dict", "DICT", |v| matches!(v, Value::Dict(_)))?;
        refuse_cycle(key_ref, dict, "key", "dict")?;
        refuse_cycle(value_ref, dict, "value", "dict")?;
        refuse_cycle(key_ref, value, "key", "value")?;
        refuse_cycle(value_ref, key, "value", "key")?;
        // SAFETY: `key` and `value` are owned boxes, distinct from each other and
        // from `dict` and not nested in one another (checked above).
        let entry = unsafe { (Box::from_raw(key), Box::from_raw(value)) };
        // SAFETY: `dict` is live and no other reference to it is used from here on.
        if let Value::Dict(pairs) = &mut unsafe { &mut *dict }.0 {
            pairs.push(entry);
        }
        Ok(())
    })
}

fn expect_tag(
    value: &KraitValue,
    what: &str,
    expected: &str,
    is: impl Fn(&Value) -> bool,
) -> Result<(), Error> {
    if is(&value.0) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "argument `{what}` is a {} value, not a {expected}",
            value.tag().name()
        )))
    }
}

/// Refuses to put `part` into `whole` when `whole` is `part` or nested in it.
fn refuse_cycle(
    part: &KraitValue,
    whole: *const KraitValue,
    part_name: &str,
    whole_name: &str,
) -> Result<(), Error> {
    if part.contains(whole) {
        Err(Error::Usage(format!(
            "argument `{part_name}` is or contains `{whole_name}`: a value cannot contain itself"
        )))
    } else {
        Ok(())
    }
}
