//! Explain: parsers of pasted material into [`Evidence`], sending nothing.
mod body;
mod expand;
mod scrub;
mod shell;
