//! `prepai types`: the interview types.

use anyhow::Result;
use clap::Args;

use super::{output, Context};

/// Arguments of `prepai types`.
#[derive(Debug, Args)]
pub struct TypesArgs {}

/// Lists every type with its aliases, difficulty and weights.
pub fn run(ctx: &Context, _args: TypesArgs) -> Result<()> {
    let registry = ctx.registry()?;
    if ctx.json {
        return output::print_json(registry.all());
    }
    let mut t = output::table(["key", "name", "aliases", "difficulty", "focus"]);
    for ty in registry.all() {
        t.add_row([
            ty.key.clone(),
            ty.name.clone(),
            ty.aliases.join(", "),
            ty.difficulty.clone(),
            ty.focus_areas.join(", "),
        ]);
    }
    println!("{t}");
    Ok(())
}
