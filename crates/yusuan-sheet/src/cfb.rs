//! OLE2 compound files (MS-CFB), as far as reading one named stream needs:
//! header, FAT (with DIFAT), directory entries, the mini stream. Every
//! sector number is checked, every chain is bounded by the sector count, so
//! a damaged or crafted file gives an error, never a loop or a panic.

use crate::error::{Error, ErrorKind};

/// The OLE2 signature.
pub(crate) const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE_SECT: u32 = 0xFFFF_FFFF;
const HEADER_LEN: usize = 512;
const DIR_ENTRY_LEN: usize = 128;

/// An opened compound file.
pub(crate) struct Cfb<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    mini_sector_size: usize,
    mini_cutoff: u64,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    entries: Vec<Entry>,
}

/// A directory entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) name: String,
    kind: u8,
    start: u32,
    size: u64,
}

fn damaged(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Container, what.into())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*s.first()?, *s.get(1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(s);
    Some(u32::from_le_bytes(a))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

impl<'a> Cfb<'a> {
    /// Reads the header, the FAT, the directory and the mini FAT.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, Error> {
        if bytes.len() < HEADER_LEN || !bytes.starts_with(&MAGIC) {
            return Err(damaged(format!(
                "ole2 header cut short ({} bytes; a header has {HEADER_LEN}); truncated download?",
                bytes.len()
            )));
        }
        let shift = u16_at(bytes, 30).unwrap_or(0);
        let mini_shift = u16_at(bytes, 32).unwrap_or(0);
        if !(shift == 9 || shift == 12) || mini_shift != 6 {
            return Err(damaged(format!(
                "ole2 sector size 2^{shift} (mini 2^{mini_shift}) is not 512 or 4096 (mini 64)"
            )));
        }
        let sector_size = 1usize << shift;
        let n_fat = u32_at(bytes, 44).unwrap_or(0);
        let first_dir = u32_at(bytes, 48).unwrap_or(END_OF_CHAIN);
        let mini_cutoff = u64::from(u32_at(bytes, 56).unwrap_or(4096));
        let first_minifat = u32_at(bytes, 60).unwrap_or(END_OF_CHAIN);
        let first_difat = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
        let n_sectors = bytes.len().saturating_sub(sector_size.max(HEADER_LEN)) / sector_size + 1;
        if n_fat as usize > n_sectors {
            return Err(damaged(format!(
                "ole2 header names {n_fat} fat sectors in a file of {n_sectors} sectors"
            )));
        }
        let mut cfb = Cfb {
            bytes,
            sector_size,
            mini_sector_size: 64,
            mini_cutoff,
            fat: Vec::new(),
            minifat: Vec::new(),
            entries: Vec::new(),
        };
        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 76 + 4 * i))
            .filter(|&s| s != FREE_SECT && s != END_OF_CHAIN)
            .collect();
        let mut next = first_difat;
        let mut hops = 0usize;
        while next != END_OF_CHAIN && next != FREE_SECT {
            hops += 1;
            if hops > n_sectors {
                return Err(damaged("ole2 difat chain loops"));
            }
            let sec = cfb.sector(next)?;
            let per = sector_size / 4 - 1;
            for i in 0..per {
                if let Some(s) = u32_at(sec, 4 * i)
                    && s != FREE_SECT
                    && s != END_OF_CHAIN
                {
                    fat_sectors.push(s);
                }
            }
            next = u32_at(sec, 4 * per).unwrap_or(END_OF_CHAIN);
        }
        fat_sectors.truncate(n_fat as usize);
        let mut fat = Vec::with_capacity(fat_sectors.len() * sector_size / 4);
        for s in fat_sectors {
            let sec = cfb.sector(s)?;
            fat.extend((0..sector_size / 4).filter_map(|i| u32_at(sec, 4 * i)));
        }
        cfb.fat = fat;
        let dir = cfb.read_chain(first_dir, false, u64::MAX)?;
        cfb.entries = dir
            .chunks_exact(DIR_ENTRY_LEN)
            .map(|e| {
                let name_len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
                let units: Vec<u16> = (0..name_len.saturating_sub(2) / 2)
                    .filter_map(|i| u16_at(e, 2 * i))
                    .collect();
                Entry {
                    name: String::from_utf16_lossy(&units),
                    kind: e.get(66).copied().unwrap_or(0),
                    start: u32_at(e, 116).unwrap_or(END_OF_CHAIN),
                    size: if shift == 9 {
                        u64::from(u32_at(e, 120).unwrap_or(0))
                    } else {
                        u64_at(e, 120).unwrap_or(0)
                    },
                }
            })
            .collect();
        if first_minifat != END_OF_CHAIN && first_minifat != FREE_SECT {
            let mf = cfb.read_chain(first_minifat, false, u64::MAX)?;
            cfb.minifat = (0..mf.len() / 4)
                .filter_map(|i| u32_at(&mf, 4 * i))
                .collect();
        }
        Ok(cfb)
    }

    fn sector(&self, n: u32) -> Result<&'a [u8], Error> {
        let start = (n as usize)
            .checked_add(1)
            .and_then(|k| k.checked_mul(self.sector_size))
            .ok_or_else(|| damaged(format!("ole2 sector {n} out of range")))?;
        let end = start + self.sector_size;
        self.bytes.get(start..end).ok_or_else(|| {
            damaged(format!(
                "ole2 sector {n} lies past the end of the file ({} bytes); truncated download?",
                self.bytes.len()
            ))
        })
    }

    /// Follows a FAT (or mini FAT) chain and concatenates its sectors, at
    /// most `cap` bytes.
    fn read_chain(&self, first: u32, mini: bool, cap: u64) -> Result<Vec<u8>, Error> {
        let (table, size) = if mini {
            (&self.minifat, self.mini_sector_size)
        } else {
            (&self.fat, self.sector_size)
        };
        let mini_stream = if mini {
            let root = self
                .entries
                .iter()
                .find(|e| e.kind == 5)
                .ok_or_else(|| damaged("ole2 file has no root entry"))?;
            Some(self.read_chain(root.start, false, u64::MAX)?)
        } else {
            None
        };
        let mut out = Vec::new();
        let mut next = first;
        let mut hops = 0usize;
        while next != END_OF_CHAIN {
            hops += 1;
            if hops > table.len() {
                return Err(damaged(
                    "ole2 sector chain loops or runs past the allocation table",
                ));
            }
            let piece: &[u8] = match &mini_stream {
                Some(ms) => {
                    let at = (next as usize)
                        .checked_mul(size)
                        .ok_or_else(|| damaged("ole2 mini sector out of range"))?;
                    ms.get(at..at + size)
                        .ok_or_else(|| damaged(format!("ole2 mini sector {next} out of range")))?
                }
                None => self.sector(next)?,
            };
            out.extend_from_slice(piece);
            if out.len() as u64 > cap {
                return Err(Error::new(
                    ErrorKind::TooLarge,
                    format!("an ole2 stream is longer than the limit of {cap} bytes"),
                ));
            }
            next = *table.get(next as usize).ok_or_else(|| {
                damaged(format!("ole2 sector {next} is not in the allocation table"))
            })?;
        }
        Ok(out)
    }

    /// The directory entry of a stream by name (case-insensitive).
    pub(crate) fn find(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))
    }

    /// Reads a stream whole, refusing streams larger than `cap` bytes.
    pub(crate) fn read_stream(&self, entry: &Entry, cap: u64) -> Result<Vec<u8>, Error> {
        if entry.size > cap {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "stream {:?} declares {} bytes, more than the limit of {cap}",
                    entry.name, entry.size
                ),
            ));
        }
        let mini = entry.size < self.mini_cutoff;
        let mut data = self.read_chain(
            entry.start,
            mini,
            cap.saturating_add(self.sector_size as u64),
        )?;
        let size = usize::try_from(entry.size).unwrap_or(usize::MAX);
        if data.len() < size {
            return Err(damaged(format!(
                "stream {:?} declares {} bytes but its sectors hold {}; truncated download?",
                entry.name,
                entry.size,
                data.len()
            )));
        }
        data.truncate(size);
        Ok(data)
    }
}
