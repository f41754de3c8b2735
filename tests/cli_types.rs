//! `prepai types`.
mod common;

use common::Sandbox;
use predicates::prelude::*;

#[test]
fn lists_the_eight_types_as_json_with_weights() {
    let sb = Sandbox::new();
    let v = sb.json(["types"]);
    let types = v.as_array().unwrap();
    assert_eq!(types.len(), 8);
    let google = types.iter().find(|t| t["key"] == "google_sde").unwrap();
    assert_eq!(google["name"], "Google Software Engineer");
    assert_eq!(google["weights"]["technical_knowledge"], 0.30);
    assert!(google["phases"].as_array().unwrap().len() >= 5);
    assert!(types.iter().any(|t| t["key"] == "cv_grilling"
        && t["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "behavioral")));
}

#[test]
fn table_output_names_every_type() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("types")
        .assert()
        .success()
        .stdout(predicate::str::contains("aws_solutions_architect"))
        .stdout(predicate::str::contains("coding_practice"));
}

#[test]
fn user_types_from_the_config_dir_are_listed_and_usable() {
    let sb = Sandbox::new();
    let types_dir = sb.config_dir().join("types");
    std::fs::create_dir_all(&types_dir).unwrap();
    std::fs::write(
        types_dir.join("startup.toml"),
        r#"
key = "startup_backend"
name = "Startup Backend Engineer"
aliases = ["startup"]
description = "A pragmatic backend interview."
difficulty = "medium"
focus_areas = ["APIs"]
topics = ["REST", "SQL"]
coding = true

[[phases]]
name = "intro"
turns = 1

[[phases]]
name = "technical"
turns = 3

[[phases]]
name = "close"
turns = 1
"#,
    )
    .unwrap();
    let v = sb.json(["types"]);
    assert_eq!(v.as_array().unwrap().len(), 9);
    let id = sb.create("startup", "Grace");
    let shown = sb.json(["sessions", "show", &id]);
    assert_eq!(shown["interview_type"], "startup_backend");
}

#[test]
fn a_broken_user_type_file_is_bad_input_naming_the_file() {
    let sb = Sandbox::new();
    let types_dir = sb.config_dir().join("types");
    std::fs::create_dir_all(&types_dir).unwrap();
    std::fs::write(types_dir.join("oops.toml"), "key = \"x\"\nname = ").unwrap();
    sb.cmd()
        .arg("types")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("oops.toml"));
}
