//! `yusuan report` (issue 19): review reports checked in a real browser.
//!
//! The report of a mutated sample is opened in headless Chromium with a probe
//! script added: it records script errors, counts the findings' boxes and
//! entries, clicks every entry and records where its box then is; the probe
//! writes its results into the DOM, which `--dump-dom` prints. A screenshot
//! goes to `target/tmp/report-screenshots/` for a person to look at. Without
//! a `chromium` on the PATH these tests say so and skip (CI installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{BIN, corpus_dir, minimal_pdf, stderr, yusuan};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if found {
            return Some(name);
        }
    }
    eprintln!(
        "skipped: no chromium on the PATH; the report's browser checks need it \
         (apt-get install chromium; .ci/run installs it)"
    );
    None
}

/// Runs headless Chromium on `url` with `extra` flags; its stdout (written
/// to a file: a dumped DOM is larger than a pipe holds). Killed after 90 s.
fn run_chromium(browser: &str, profile: &Path, url: &str, extra: &[&str]) -> String {
    let out_file = profile.with_extension("stdout");
    let stdout = std::fs::File::create(&out_file).expect("chromium stdout file");
    let mut child = Command::new(browser)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    while child.try_wait().expect("wait for chromium").is_none() {
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read_to_string(&out_file).unwrap_or_default()
}

/// The probe: installed first in <head> (error hooks) and last in <body>
/// (the checks, run after load).
const PROBE_HEAD: &str = r#"<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
(function () { var ce = console.error; console.error = function () {
  window.__errors.push(Array.prototype.join.call(arguments, " ")); ce.apply(console, arguments); }; })();
</script>"#;

const PROBE_BODY: &str = r##"<script>
window.addEventListener("load", function () {
  var r = { errors: window.__errors, clicks: [] };
  var boxes = document.querySelectorAll('.fbox[id^="f-"]');
  r.boxes = Array.prototype.map.call(boxes, function (b) { return b.id; });
  var entries = document.querySelectorAll("#side li.fentry a");
  r.entries = Array.prototype.map.call(entries, function (a) { return a.getAttribute("href"); });
  r.images = document.querySelectorAll("figure.sheet img").length;
  r.broken_images = Array.prototype.filter.call(document.querySelectorAll("img"),
      function (i) { return !(i.complete && i.naturalWidth > 0); }).length;
  r.cells = document.querySelectorAll(".overlay rect.cell").length;
  r.claims = document.querySelectorAll(".overlay rect.claim, mark.claim").length;
  r.grids = document.querySelectorAll("table.grid").length;
  Array.prototype.forEach.call(entries, function (a) {
    window.scrollTo(0, 0);
    var id = a.getAttribute("href").slice(1);
    var t = document.getElementById(id);
    var before = window.scrollY;
    a.click();
    var rect = t ? t.getBoundingClientRect() : null;
    r.clicks.push({ id: id, found: !!t, before: before, after: window.scrollY,
      top: rect ? rect.top : null, bottom: rect ? rect.bottom : null,
      width: rect ? rect.width : null, view: window.innerHeight, hash: location.hash });
  });
  var pre = document.createElement("pre");
  pre.id = "probe-result";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>"##;

/// The probe's results from a `--dump-dom` output.
fn probe_result(dom: &str) -> Value {
    let start = dom
        .find("<pre id=\"probe-result\">")
        .unwrap_or_else(|| panic!("no probe result in the dumped DOM:\n{}", tail(dom)));
    let rest = &dom[start + "<pre id=\"probe-result\">".len()..];
    let end = rest.find("</pre>").expect("end of the probe result");
    let json = rest[..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("probe result: {e}: {json}"))
}

fn tail(s: &str) -> &str {
    let mut at = s.len().saturating_sub(2000);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// The number of findings `extract` gives for a file.
fn findings_of(file: &Path) -> usize {
    let out = yusuan(
        &["extract", file.to_str().unwrap(), "--format", "json"],
        file.parent().unwrap(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"].as_array().map_or(0, Vec::len)
}

/// Opens `report` in Chromium with the probe and checks it: no script
/// errors, one box and one entry per finding, every entry's click brings
/// its box into view. Returns the probe's results.
fn check_in_browser(browser: &str, report: &Path, findings: usize, work: &Path) -> Value {
    let html = std::fs::read_to_string(report).unwrap();
    let probed = html
        .replacen("<head>", &format!("<head>\n{PROBE_HEAD}"), 1)
        .replacen("</body>", &format!("{PROBE_BODY}\n</body>"), 1);
    let name = report.file_name().unwrap().to_string_lossy().into_owned();
    let probe_file = work.join(format!("probe-{name}"));
    std::fs::write(&probe_file, probed).unwrap();
    let dom = run_chromium(
        browser,
        &work.join("profile"),
        &format!("file://{}", probe_file.display()),
        &["--virtual-time-budget=10000", "--dump-dom"],
    );
    let r = probe_result(&dom);
    assert_eq!(r["errors"], Value::Array(vec![]), "{name}: script errors");
    assert_eq!(r["broken_images"], 0, "{name}: images that did not load");
    let boxes: Vec<String> = r["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mut want: Vec<String> = (1..=findings).map(|n| format!("f-{n}")).collect();
    let mut got = boxes.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "{name}: one box per finding");
    let entries = r["entries"].as_array().unwrap();
    assert_eq!(entries.len(), findings, "{name}: one entry per finding");
    for click in r["clicks"].as_array().unwrap() {
        let id = click["id"].as_str().unwrap();
        assert_eq!(click["found"], true, "{name}: entry {id} has no box");
        let (top, bottom, view) = (
            click["top"].as_f64().unwrap(),
            click["bottom"].as_f64().unwrap(),
            click["view"].as_f64().unwrap(),
        );
        assert!(
            top >= -1.0 && bottom <= view + 1.0,
            "{name}: after clicking {id} its box is at {top}..{bottom}, outside the window of {view} px: {click}"
        );
        assert!(
            click["width"].as_f64().unwrap() > 0.0,
            "{name}: box {id} has no size"
        );
        assert_eq!(click["hash"].as_str(), Some(format!("#{id}").as_str()));
    }
    r
}

fn screenshot(browser: &str, report: &Path, work: &Path, name: &str, anchor: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let shot = dir.join(name);
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        browser,
        &work.join("profile-shot"),
        &format!("file://{}{anchor}", report.display()),
        &[
            "--virtual-time-budget=5000",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_default();
    assert!(
        png.starts_with(b"\x89PNG"),
        "no screenshot written at {}",
        shot.display()
    );
    eprintln!("screenshot for a person to look at: {}", shot.display());
    shot
}

/// The issue's acceptance: reports of mutated samples (a claim against a
/// table cell, cell findings, document-level findings; a PDF and a Word
/// file) checked in the browser, plus the index of the run.
#[test]
fn issue_19_reports_of_mutated_samples_work_in_chromium() {
    let mutations = samples().join("mutations");
    let pdf = mutations.join("text_total.pdf");
    let cells = mutations.join("execution_rate.pdf");
    let docx = mutations.join("text_total.docx");
    if !(pdf.is_file() && cells.is_file() && docx.is_file()) {
        eprintln!("skipped: samples/mutations not found");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("review");
    let out = yusuan(
        &[
            "report",
            pdf.to_str().unwrap(),
            cells.to_str().unwrap(),
            docx.to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    for name in ["text_total.pdf", "execution_rate.pdf", "text_total.docx"] {
        assert!(
            index.contains(&format!("href=\"{name}.html\"")),
            "index lacks {name}: {index}"
        );
    }
    // Self-contained: nothing is fetched from anywhere.
    let report = out_dir.join("text_total.pdf.html");
    let html = std::fs::read_to_string(&report).unwrap();
    for remote in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "url(http",
        "url(//",
        "<link",
        "@import",
    ] {
        assert!(!html.contains(remote), "the report refers to {remote}");
    }

    let Some(browser) = chromium() else {
        return;
    };
    let work = tmp.path().join("browser");
    std::fs::create_dir_all(&work).unwrap();

    let n = findings_of(&pdf);
    assert!(n >= 2, "text_total.pdf should have findings, has {n}");
    let r = check_in_browser(browser, &report, n, &work);
    assert_eq!(r["images"], 3, "every page of the 3-page sample drawn");
    assert!(r["cells"].as_u64().unwrap() > 20, "cell boxes: {r}");
    assert!(r["claims"].as_u64().unwrap() > 5, "claim boxes: {r}");
    assert!(r["grids"].as_u64().unwrap() >= 3, "table views: {r}");
    // The claim_table finding is on page 2 and its claim links to the cell
    // of the table on page 1.
    assert!(
        html.contains("class=\"fbox error\""),
        "an error box is drawn"
    );
    screenshot(browser, &report, &work, "text_total.pdf.png", "");

    let report = out_dir.join("execution_rate.pdf.html");
    let n = findings_of(&cells);
    check_in_browser(browser, &report, n, &work);
    screenshot(browser, &report, &work, "execution_rate.pdf.png", "");

    let report = out_dir.join("text_total.docx.html");
    let n = findings_of(&docx);
    let r = check_in_browser(browser, &report, n, &work);
    assert_eq!(r["images"], 0, "a Word file has no page images");
    assert!(r["grids"].as_u64().unwrap() >= 3, "table views: {r}");
    screenshot(browser, &report, &work, "text_total.docx.png", "");

    // The index sorts by a click on a header: errors, descending on the
    // second click.
    let probe = index.replacen(
        "</body>",
        r##"<script>
window.addEventListener("load", function () {
  var th = document.querySelectorAll("th")[6];
  th.click(); th.click();
  var rows = Array.prototype.map.call(document.querySelectorAll("tbody tr"),
    function (r) { return Number(r.cells[6].textContent); });
  var pre = document.createElement("pre"); pre.id = "probe-result";
  pre.textContent = JSON.stringify({ errors: rows, dir: th.getAttribute("data-dir") });
  document.body.appendChild(pre);
});
</script></body>"##,
        1,
    );
    let probe_file = out_dir.join("probe-index.html");
    std::fs::write(&probe_file, probe).unwrap();
    let dom = run_chromium(
        browser,
        &work.join("profile"),
        &format!("file://{}", probe_file.display()),
        &["--virtual-time-budget=5000", "--dump-dom"],
    );
    let r = probe_result(&dom);
    let errors: Vec<f64> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(r["dir"], "desc");
    assert_eq!(errors.len(), 3);
    assert!(errors.windows(2).all(|w| w[0] >= w[1]), "{errors:?}");
}

/// A failing input becomes a row of the index with its error; the others
/// get their reports and the run ends with status 1. Text from the document
/// (here a file name with markup) is escaped.
#[test]
fn a_failing_document_is_an_index_entry_not_the_end_of_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a<script>.pdf"), minimal_pdf("Revenue")).unwrap();
    std::fs::write(
        dir.join("broken.pdf"),
        b"%PDF-1.4\nthis is not a pdf at all",
    )
    .unwrap();
    let out = yusuan(&["report", "in", "-o", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let index = std::fs::read_to_string(tmp.path().join("out/index.html")).unwrap();
    assert!(index.contains("in/broken.pdf"), "{index}");
    assert!(index.contains("class=\"failed\""), "{index}");
    assert!(!index.contains("a<script>"), "unescaped name in {index}");
    assert!(index.contains("a&lt;script&gt;.pdf"), "{index}");
    let report = std::fs::read_to_string(tmp.path().join("out/a<script>.pdf.html")).unwrap();
    assert!(
        !report.contains("a<script>"),
        "unescaped name in the report"
    );
    assert!(report.contains("<img alt=\"page 1\""), "page drawn");
    assert!(!tmp.path().join("out/broken.pdf.html").exists());
}

/// `inspect --svg` draws the same overlay as the report: cells and the
/// numbered findings of the page.
#[test]
fn inspect_svg_carries_the_report_overlay() {
    let pdf = samples().join("mutations/execution_rate.pdf");
    if !pdf.is_file() {
        eprintln!("skipped: samples/mutations not found");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = yusuan(
        &[
            "inspect",
            pdf.to_str().unwrap(),
            "--page",
            "1",
            "--svg",
            "p1.svg",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = std::fs::read_to_string(tmp.path().join("p1.svg")).unwrap();
    assert!(svg.contains("<g class=\"overlay\">"), "{svg}");
    assert!(svg.matches("class=\"cell").count() > 20);
    assert!(svg.contains("class=\"cell head"), "header rows shaded");
    assert!(
        svg.contains("class=\"fbox error\" data-n=\"1\""),
        "finding 1"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
}

/// Every corpus PDF (and workbook) gets a report without a panic. Drawn at
/// 36 dpi and only the first 3 pages as images, to stay quick; the overlay
/// of every page is built. `yusuan_report_corpus_full` draws everything.
#[test]
fn corpus_reports_without_panic() {
    corpus_reports(&["--dpi", "36", "--max-pages", "3"]);
}

/// All pages of every corpus PDF at the default resolution (slow: run with
/// `--ignored`; docs/report.md gives the times).
#[test]
#[ignore = "draws all 1,561 corpus pages at 120 dpi"]
fn yusuan_report_corpus_full() {
    corpus_reports(&[]);
}

fn corpus_reports(extra: &[&str]) {
    let Some(pdf_dir) = corpus_dir() else {
        return;
    };
    let corpus = pdf_dir.parent().unwrap().to_path_buf();
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("review");
    let mut args = vec![
        "report",
        corpus.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--no-progress",
        "--timeout",
        "600",
    ];
    args.extend_from_slice(extra);
    let start = Instant::now();
    let out = Command::new(BIN)
        .args(&args)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    let pdfs = std::fs::read_dir(&pdf_dir).unwrap().count();
    let mut reports = 0;
    for entry in walk(&out_dir) {
        if entry.extension().is_some_and(|e| e == "html") && !entry.ends_with("index.html") {
            let html = std::fs::read_to_string(&entry).unwrap();
            assert!(html.trim_end().ends_with("</html>"), "{}", entry.display());
            reports += 1;
        }
    }
    assert!(reports >= pdfs, "{reports} reports for {pdfs} pdfs");
    assert!(!index.contains("class=\"failed\""), "{index}");
    eprintln!(
        "{reports} corpus reports in {:.1} s ({extra:?})",
        start.elapsed().as_secs_f64()
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
