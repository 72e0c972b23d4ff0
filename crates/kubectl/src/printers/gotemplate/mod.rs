//! Go's text/template as kubectl's `-o go-template` runs it: the template named `output`,
//! the object's JSON as data, kubectl's `base64decode` and `exists` functions, and the
//! `missingkey` option from `--allow-missing-template-keys`.

mod ast;
mod compare;
mod escape;
mod exec;
mod funcs;
mod lex;
mod parse;
mod printf;
mod quote;
mod value;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use value::{go_sprint, V};

#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
    root: Vec<ast::Node>,
}

/// Parse errors in Go's words: `template: output:1: unclosed action`.
pub fn parse(text: &str) -> Result<Template, String> {
    Ok(Template {
        text: text.to_string(),
        root: parse::parse(text)?,
    })
}

/// The output, or the output so far and Go's execution error.
pub fn execute(
    t: &Template,
    data: &Value,
    missing_error: bool,
) -> Result<String, (String, String)> {
    let mut e = exec::Exec::new(&t.text, V::from_json(data), missing_error);
    match e.run(&t.root) {
        Ok(()) => Ok(e.out),
        Err(err) => Err((std::mem::take(&mut e.out), err)),
    }
}
