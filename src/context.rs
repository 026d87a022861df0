//! Everything an operation needs to know about its surroundings, gathered once.
//!
//! Owns the loading of the environment snapshot, the paths, the config file (or the error it
//! gave) and the command vocabulary, so that the CLI, the console and an embedding CLI start
//! from the same facts. It sits above `config` and `consent` and below `telemetry`, whose
//! operations take a `&Context`; it knows nothing of queues, requests or front ends.

use std::borrow::Cow;

use checkpoint_protocol::vocabulary::{Edition, Vocabulary, VocabularyError};
use jiff::Timestamp;

use crate::config::{Config, ConfigError, Env, NoHome, Paths};
use crate::consent::{self, Consent, Decision};

/// The loaded surroundings of one run.
#[derive(Debug)]
pub struct Context {
    /// The environment variables that matter.
    pub env: Env,
    /// Where files live.
    pub paths: Paths,
    /// The config in force: the file's, or the defaults when the file is broken.
    pub config: Config,
    /// Why the config file cannot be used; while set, nothing is sent.
    pub config_error: Option<ConfigError>,
}

impl Context {
    /// Loads the context of this process.
    pub fn load(env: Env) -> Result<Context, NoHome> {
        let paths = Paths::resolve(&env)?;
        Ok(Context::with_paths(env, paths))
    }

    /// Loads the context for given paths.
    pub fn with_paths(env: Env, paths: Paths) -> Context {
        let (config, config_error) = match Config::load(&paths.config_file) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(e)),
        };
        Context {
            env,
            paths,
            config,
            config_error,
        }
    }

    /// The same surroundings read again from disk (after the config file changed).
    pub fn reload(&self) -> Context {
        Context::with_paths(self.env.clone(), self.paths.clone())
    }

    /// Who decides consent, and what they decide, with every source read (for explaining).
    pub fn decision(&self) -> Decision {
        consent::decide(
            &self.env,
            &self.paths.config_file,
            self.loaded_config(),
            self.paths.go_cli_config.as_deref(),
        )
    }

    /// The consent alone, reading no source past the one that decides (for `record`).
    pub fn consent(&self) -> Consent {
        consent::consent(
            &self.env,
            self.loaded_config(),
            self.paths.go_cli_config.as_deref(),
        )
    }

    /// The config file's settings, or why they cannot be used.
    fn loaded_config(&self) -> Result<&Config, &ConfigError> {
        match &self.config_error {
            Some(e) => Err(e),
            None => Ok(&self.config),
        }
    }

    /// The command vocabulary: the configured file (read up to a size limit, so a device or a
    /// huge file is an error, not a hang) or the built-in one (a constant: nothing to
    /// build).
    pub fn vocabulary(&self) -> Result<Cow<'static, Vocabulary>, VocabularyError> {
        self.vocabulary_of(Edition::Oss)
    }

    /// The command vocabulary of the CLI `edition` (`--cli-edition`): the configured file,
    /// which replaces every edition's, or the edition's built-in one.
    pub fn vocabulary_of(
        &self,
        edition: Edition,
    ) -> Result<Cow<'static, Vocabulary>, VocabularyError> {
        let Some(path) = self.config.telemetry.commands.as_deref() else {
            return Ok(Cow::Borrowed(Vocabulary::builtin_shared_of(edition)));
        };
        let read = |source| VocabularyError::Read {
            path: path.to_path_buf(),
            source,
        };
        let text = crate::fsutil::read_user_file(path, crate::fsutil::VOCABULARY_LIMIT)
            .map_err(read)?
            .ok_or_else(|| read(std::io::ErrorKind::NotFound.into()))?;
        Vocabulary::parse(&text, path).map(Cow::Owned)
    }

    /// The current time (one place, so it reads the same everywhere in a run).
    pub fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}
