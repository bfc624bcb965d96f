//! The seven sample forms as workbooks (`samples/<id>.xlsx` written by
//! openpyxl, `.xls` and `.ods` converted from it by LibreOffice) give the
//! same tables and records as their Word twins (`samples/<id>.docx`), whose
//! records are checked against hand-made goldens in yusuan-records.

use serde_json::Value;
use yusuan_docx::{DocxOptions, read_docx};
use yusuan_model::{Block, SourceFormat};
use yusuan_sheet::{SheetOptions, read_sheet};

use crate::support::{grids, pipeline, workspace};

fn sample_ids() -> Vec<String> {
    let text = std::fs::read_to_string(workspace().join("samples/manifest.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn workbooks_give_the_records_of_their_word_twins() {
    let ids = sample_ids();
    assert_eq!(ids.len(), 7);
    let mut compared = 0;
    for id in &ids {
        let docx = std::fs::read(workspace().join(format!("samples/{id}.docx"))).unwrap();
        let word = pipeline(&read_docx(&docx, &DocxOptions::default()).unwrap());
        for (ext, format) in [
            ("xlsx", SourceFormat::Xlsx),
            ("xls", SourceFormat::Xls),
            ("ods", SourceFormat::Ods),
        ] {
            let file = format!("samples/{id}.{ext}");
            let bytes = std::fs::read(workspace().join(&file)).unwrap();
            let src = read_sheet(&bytes, &SheetOptions::default()).unwrap();
            assert_eq!(src.format, format, "{file}");
            assert!(src.warnings.is_empty(), "{file}: {:?}", src.warnings);
            let sheet = pipeline(&src);
            // The same grid, cell by cell.
            let (gw, gs) = (grids(&word), grids(&sheet));
            assert_eq!(gw.len(), gs.len(), "{file}: table count");
            for (t, (a, b)) in gw.iter().zip(&gs).enumerate() {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    assert_eq!(x, y, "{file}: table {t} cell {i} (word, sheet)");
                }
                assert_eq!(a.len(), b.len(), "{file}: table {t} cell count");
            }
            for key in ["title", "unit", "kind", "n_rows", "n_cols", "header_rows"] {
                for (t, (a, b)) in word["tables"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .zip(sheet["tables"].as_array().unwrap())
                    .enumerate()
                {
                    assert_eq!(a[key], b[key], "{file}: table {t} {key}");
                }
            }
            assert_eq!(word["meta"], sheet["meta"], "{file}: meta");
            assert_eq!(word["records"], sheet["records"], "{file}: records");
            compared += 1;
        }
    }
    assert_eq!(compared, 21);
}

#[test]
fn workbook_cells_carry_their_sheet_reference() {
    let bytes = std::fs::read(workspace().join("samples/basic_data_1.xlsx")).unwrap();
    let src = read_sheet(&bytes, &SheetOptions::default()).unwrap();
    let doc = pipeline(&src);
    let cells = doc["tables"][0]["cells"].as_array().unwrap();
    // Three heading rows (附件1, title, unit) above the grid: its first cell is A4.
    assert_eq!(cells[0]["text"], "预算部门名称");
    assert_eq!(cells[0]["ref"], "basic_data_1!A4");
    assert_eq!(cells[0]["page"], 1);
    assert!(cells[0]["bbox"].is_null());
    // 三公经费 2022年决算数 10.8: row 4 of the grid, sheet row 8, column B (merged B:C).
    let c = cells
        .iter()
        .find(|c| c["row"] == 4 && c["col"] == 1)
        .unwrap();
    assert_eq!(c["text"], "10.8");
    assert_eq!(c["ref"], "basic_data_1!B8");
    assert_eq!(c["colspan"], 2);
}

#[test]
fn figures_print_with_their_number_format() {
    // 163.80 is stored as the double 163.8 with format "0.00"; 91.64% as
    // 0.9164 with "0.00%" (selfeval_project_2's 执行率).
    for ext in ["xlsx", "xls"] {
        let bytes = std::fs::read(workspace().join(format!("samples/basic_data_1.{ext}"))).unwrap();
        let src = read_sheet(&bytes, &SheetOptions::default()).unwrap();
        let Some(Block::Sheet(g)) = src.blocks.first() else {
            panic!("{ext}: no sheet")
        };
        let texts: Vec<&str> = g.cells.iter().map(|c| c.text.as_str()).collect();
        assert!(texts.contains(&"163.80"), "{ext}: {texts:?}");
        assert!(texts.contains(&"78.16%"), "{ext}: {texts:?}");
        assert!(texts.contains(&"200.00"), "{ext}: {texts:?}");
    }
}
