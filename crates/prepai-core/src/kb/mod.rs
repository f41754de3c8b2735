//! The knowledge base: markdown documents indexed with tantivy (BM25, English
//! stemming) for the interviewer and `prepai kb search`.
//!
//! Built-in documents live in `data/kb/`; users add theirs to `<config dir>/kb/`.
//! The index is built in memory when the knowledge base is opened (a few
//! milliseconds for the built-in set), so it can never go stale.

mod document;

pub use document::{passages, slug, Passage};

use serde::Serialize;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, TantivyDocument, Term};

const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/kb_files.rs"));

/// Errors opening or searching the knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A document could not be read or parsed.
    #[error("knowledge-base document {}: {detail}; fix or remove it", path.display())]
    BadDocument {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The search engine failed.
    #[error("knowledge-base index: {0}")]
    Index(String),
}

impl From<tantivy::TantivyError> for KbError {
    fn from(e: tantivy::TantivyError) -> Self {
        KbError::Index(e.to_string())
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// BM25 score (higher is better).
    pub score: f32,
    /// `<document>#<section>`.
    pub source: String,
    /// The document's title.
    pub title: String,
    /// The section heading.
    pub heading: String,
    /// The passage text.
    pub text: String,
}

struct Fields {
    source: Field,
    title: Field,
    heading: Field,
    body: Field,
    types: Field,
    tags: Field,
}

/// An in-memory index of every passage.
pub struct KnowledgeBase {
    reader: IndexReader,
    index: Index,
    fields: Fields,
    passages: usize,
}

impl KnowledgeBase {
    /// The built-in documents only.
    pub fn builtin() -> Result<Self, KbError> {
        Self::build(builtin_passages()?)
    }

    /// The built-in documents plus every `*.md` in `user_dir` (if it exists).
    pub fn with_user_dir(user_dir: &Path) -> Result<Self, KbError> {
        let mut all = builtin_passages()?;
        let files = crate::user_files::read_dir_files(user_dir, "md").map_err(|(path, e)| {
            KbError::BadDocument {
                path,
                detail: e.to_string(),
            }
        })?;
        for (path, text) in files {
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let found =
                passages(&stem, &text).map_err(|detail| KbError::BadDocument { path, detail })?;
            all.extend(found);
        }
        Self::build(all)
    }

    /// Indexes the given passages.
    pub fn build(passages: Vec<Passage>) -> Result<Self, KbError> {
        let mut sb = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("en_stem")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let fields = Fields {
            source: sb.add_text_field("source", STRING | STORED),
            title: sb.add_text_field("title", text.clone()),
            heading: sb.add_text_field("heading", text.clone()),
            body: sb.add_text_field("body", text.clone()),
            types: sb.add_text_field("types", STRING),
            tags: sb.add_text_field("tags", text),
        };
        let index = Index::create_in_ram(sb.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        let count = passages.len();
        for p in passages {
            let mut d = doc!(
                fields.source => p.source,
                fields.title => p.title,
                fields.heading => p.heading,
                fields.body => p.body,
            );
            for t in p.types {
                d.add_text(fields.types, t);
            }
            for t in p.tags {
                d.add_text(fields.tags, t);
            }
            writer.add_document(d)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(KnowledgeBase {
            reader,
            index,
            fields,
            passages: count,
        })
    }

    /// How many passages are indexed.
    pub fn len(&self) -> usize {
        self.passages
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.passages == 0
    }

    /// The best `limit` passages for `query`, optionally only those for one
    /// interview type (documents marked `all` always qualify). Query syntax
    /// errors are forgiven: the words are searched as given.
    pub fn search(
        &self,
        query: &str,
        interview_type: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Hit>, KbError> {
        let f = &self.fields;
        let mut parser =
            QueryParser::for_index(&self.index, vec![f.heading, f.title, f.body, f.tags]);
        parser.set_field_boost(f.heading, 2.0);
        parser.set_field_boost(f.title, 1.5);
        parser.set_field_boost(f.tags, 1.2);
        let (text_query, _errors) = parser.parse_query_lenient(query);
        let query: Box<dyn Query> = match interview_type {
            None => text_query,
            Some(t) => {
                let type_term = |v: &str| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.types, v),
                        IndexRecordOption::Basic,
                    ))
                };
                let types = BooleanQuery::new(vec![
                    (Occur::Should, type_term(t)),
                    (Occur::Should, type_term("all")),
                ]);
                // A pure filter: it must match but adds nothing to the score.
                let filter = BoostQuery::new(Box::new(types), 0.0);
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, text_query),
                    (Occur::Must, Box::new(filter)),
                ]))
            }
        };
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let get = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            hits.push(Hit {
                score,
                source: get(f.source),
                title: get(f.title),
                heading: get(f.heading),
                text: get(f.body),
            });
        }
        Ok(hits)
    }
}

fn builtin_passages() -> Result<Vec<Passage>, KbError> {
    let mut all = Vec::new();
    for (name, text) in BUILTIN {
        let stem = name.trim_end_matches(".md");
        all.extend(passages(stem, text).map_err(|detail| KbError::BadDocument {
            path: PathBuf::from(format!("data/kb/{name}")),
            detail,
        })?);
    }
    Ok(all)
}
