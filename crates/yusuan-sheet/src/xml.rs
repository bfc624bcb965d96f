//! A thin layer over quick-xml: start and end tags by local name, attributes
//! as owned strings, text with entity references resolved, and errors typed.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::archive;
use crate::error::{Error, ErrorKind};

/// One event of interest.
pub(crate) enum Item {
    /// An opening tag (an empty element gives `Start` then `End`).
    Start(Tag),
    /// A closing tag, by local name.
    End(Vec<u8>),
    /// Character data, entities resolved.
    Text(String),
    /// The end of the part.
    Eof,
}

/// An opening tag: local name and attributes (local names, unescaped values).
pub(crate) struct Tag {
    pub(crate) name: Vec<u8>,
    attrs: Vec<(Vec<u8>, String)>,
}

impl Tag {
    /// The value of the attribute with this local name.
    pub(crate) fn attr(&self, local: &[u8]) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.as_slice() == local)
            .map(|(_, v)| v.as_str())
    }

    /// The value of the attribute with this qualified name ("r:id").
    pub(crate) fn attr_qualified(&self, qname: &[u8]) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.as_slice() == qname)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads events from one part.
pub(crate) struct XmlReader<R> {
    reader: Reader<R>,
    buf: Vec<u8>,
    part: String,
    limit: u64,
    depth: usize,
}

/// Elements nested deeper than this are refused (a hostile part).
const MAX_DEPTH: usize = 256;

impl<R: BufRead> XmlReader<R> {
    pub(crate) fn new(source: R, part: &str, limit: u64) -> Self {
        let mut reader = Reader::from_reader(source);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.trim_text(false);
        config.check_end_names = true;
        Self {
            reader,
            buf: Vec::new(),
            part: part.to_owned(),
            limit,
            depth: 0,
        }
    }

    fn malformed(&self, what: impl std::fmt::Display) -> Error {
        malformed_at(&self.part, self.reader.buffer_position(), what)
    }

    /// The next event of interest.
    pub(crate) fn next(&mut self) -> Result<Item, Error> {
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(quick_xml::Error::Io(io)) => {
                    return Err(archive::io_error(&self.part, self.limit, &io));
                }
                Err(e) => {
                    let msg = format!("not well-formed xml ({})", e.to_string().to_lowercase());
                    return Err(self.malformed(msg));
                }
            };
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(Error::new(
                            ErrorKind::TooLarge,
                            format!(
                                "{}: elements nested deeper than {MAX_DEPTH} levels",
                                self.part
                            ),
                        ));
                    }
                    let tag = to_tag(&e)
                        .map_err(|m| malformed_at(&self.part, self.reader.buffer_position(), m))?;
                    return Ok(Item::Start(tag));
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Item::End(e.local_name().as_ref().to_vec()));
                }
                Event::Text(t) => {
                    let s = t.xml_content().map_err(|e| {
                        malformed_at(
                            &self.part,
                            self.reader.buffer_position(),
                            format!("text is not utf-8 ({e})"),
                        )
                    })?;
                    return Ok(Item::Text(s.into_owned()));
                }
                Event::CData(t) => {
                    let s = t.decode().map_err(|e| {
                        malformed_at(
                            &self.part,
                            self.reader.buffer_position(),
                            format!("text is not utf-8 ({e})"),
                        )
                    })?;
                    return Ok(Item::Text(s.into_owned()));
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => r
                            .decode()
                            .ok()
                            .and_then(|n| quick_xml::escape::resolve_predefined_entity(&n))
                            .map(str::to_owned),
                        Err(_) => None,
                    };
                    match resolved {
                        Some(s) => return Ok(Item::Text(s)),
                        None => {
                            return Err(malformed_at(
                                &self.part,
                                self.reader.buffer_position(),
                                "unknown entity reference",
                            ));
                        }
                    }
                }
                Event::Eof => {
                    if self.depth != 0 {
                        return Err(malformed_at(
                            &self.part,
                            self.reader.buffer_position(),
                            format!(
                                "part ends with {} elements still open (truncated?)",
                                self.depth
                            ),
                        ));
                    }
                    return Ok(Item::Eof);
                }
                _ => {}
            }
        }
    }

    /// Skips to the end of the element just opened (its `End` consumed).
    pub(crate) fn skip_element(&mut self) -> Result<(), Error> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Item::Start(_) => depth += 1,
                Item::End(_) => depth -= 1,
                Item::Text(_) => {}
                Item::Eof => return Err(self.malformed("part ends inside an element")),
            }
        }
        Ok(())
    }
}

fn malformed_at(part: &str, pos: u64, what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Malformed,
        format!("{part}: {what} at byte {pos}"),
    )
}

fn to_tag(e: &BytesStart<'_>) -> Result<Tag, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("bad attribute ({e})"))?;
        let value = a
            .unescape_value()
            .map_err(|e| format!("bad attribute value ({e})"))?
            .into_owned();
        attrs.push((a.key.local_name().as_ref().to_vec(), value.clone()));
        if a.key.prefix().is_some() {
            attrs.push((a.key.as_ref().to_vec(), value));
        }
    }
    Ok(Tag {
        name: e.local_name().as_ref().to_vec(),
        attrs,
    })
}
