//! Retrieval quality of the built-in knowledge base: every evaluation query in
//! `tests/data/kb_queries.toml` must rank its expected passage first.

use prepai_core::kb::KnowledgeBase;
use serde::Deserialize;

#[derive(Deserialize)]
struct Queries {
    query: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    text: String,
    #[serde(rename = "type")]
    interview_type: Option<String>,
    expect: String,
}

#[test]
fn precision_at_one_over_the_evaluation_queries() {
    let kb = KnowledgeBase::builtin().unwrap();
    let queries: Queries = toml::from_str(include_str!("data/kb_queries.toml")).unwrap();
    assert!(queries.query.len() >= 20);
    let mut misses = Vec::new();
    for q in &queries.query {
        let hits = kb.search(&q.text, q.interview_type.as_deref(), 3).unwrap();
        let top = hits
            .first()
            .map(|h| h.source.as_str())
            .unwrap_or("(nothing)");
        if top != q.expect {
            misses.push(format!("{:?}: expected {}, got {}", q.text, q.expect, top));
        }
    }
    let p1 = 1.0 - misses.len() as f64 / queries.query.len() as f64;
    println!("precision@1 = {p1:.3} over {} queries", queries.query.len());
    assert!(
        misses.is_empty(),
        "precision@1 {p1:.3}; misses:\n{}",
        misses.join("\n")
    );
}

#[test]
fn type_filter_excludes_other_types_documents() {
    let kb = KnowledgeBase::builtin().unwrap();
    let hits = kb
        .search(
            "availability zones subnets",
            Some("azure_solutions_architect"),
            10,
        )
        .unwrap();
    assert!(
        hits.iter().all(|h| !h.source.starts_with("aws-")),
        "{:?}",
        hits.iter().map(|h| &h.source).collect::<Vec<_>>()
    );
}

#[test]
fn nonsense_and_syntax_errors_do_not_fail() {
    let kb = KnowledgeBase::builtin().unwrap();
    assert!(kb.search("zzqxv wqpzt", None, 5).unwrap().is_empty());
    kb.search("AND OR \"unbalanced ( [", None, 5).unwrap();
}

#[test]
fn user_documents_are_indexed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("my-notes.md"),
        "+++\ntitle = \"My notes\"\n+++\n\n# My notes\n\n## Quokka protocol\nThe quokka protocol retries with exponential backoff.\n",
    )
    .unwrap();
    let kb = KnowledgeBase::with_user_dir(dir.path()).unwrap();
    assert_eq!(
        kb.search("quokka", None, 1).unwrap()[0].source,
        "my-notes#quokka-protocol"
    );
    std::fs::write(dir.path().join("broken.md"), "no front matter").unwrap();
    let err = KnowledgeBase::with_user_dir(dir.path()).err().unwrap();
    assert!(err.to_string().contains("broken.md"));
}
