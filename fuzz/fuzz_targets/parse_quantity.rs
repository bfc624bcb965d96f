//! Any string: parse_quantity never panics, keeps `raw`, and a money value's
//! `yuan` is consistent with its `value` and `unit` (the round trip that can fail).
#![no_main]

use libfuzzer_sys::fuzz_target;
use yusuan_normalize::{ValueContext, parse_quantity, to_yuan};

fuzz_target!(|text: &str| {
    let q = parse_quantity(text, &ValueContext::default());
    assert_eq!(q.raw, text);
    if let (Some(v), Some(unit), Some(yuan)) = (q.value, q.unit.as_deref(), q.yuan) {
        assert_eq!(to_yuan(v, unit), Some(yuan), "{text:?}");
    }
});
