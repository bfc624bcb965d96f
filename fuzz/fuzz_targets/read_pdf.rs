//! Any bytes: read_pdf returns Ok or Err, and layout then returns a grid; neither panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = yusuan_pdf::read_pdf(data, &yusuan_pdf::PdfOptions::default()) {
        let _ = yusuan_layout::reconstruct(&doc, &yusuan_layout::LayoutOptions::default());
    }
});
