//! Any bytes: read_docx returns Ok or a typed Err within its size limits; layout never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = yusuan_docx::read_docx(data, &yusuan_docx::DocxOptions::default()) {
        let _ = yusuan_layout::reconstruct(&doc, &yusuan_layout::LayoutOptions::default());
    }
});
