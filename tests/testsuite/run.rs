//! A run of the real binary, and the checks of what it did.

use std::process::Command;

/// What a run of the binary did; its checks chain:
/// `site.build().expect_failure().stderr_contains("…")`.
pub struct Run {
    /// Its arguments, for messages.
    command: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs `command` to its end.
    pub fn of(command: &mut Command) -> Run {
        let out = command.output().unwrap();
        Run {
            command: command
                .get_args()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// What `build` would end with, found in-process: exit code 1 and the problems as
    /// it prints them (before its "Nothing was written" line), or 0 and nothing.
    pub fn from_problems(command: &str, problems: &jaarverslag::diagnostics::Diagnostics) -> Run {
        Run {
            command: format!("{command} (in-process)"),
            code: Some(if problems.is_empty() { 0 } else { 1 }),
            stdout: String::new(),
            stderr: if problems.is_empty() {
                String::new()
            } else {
                problems.to_string()
            },
        }
    }

    #[track_caller]
    pub fn expect_success(&self) -> &Run {
        self.expect_code(0)
    }

    /// Exit code 1: what every error in a site ends with (2 is misuse of the command line,
    /// 101 a panic).
    #[track_caller]
    pub fn expect_failure(&self) -> &Run {
        self.expect_code(1)
    }

    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "`jaarverslag {}` ended with {:?}, not {code}; stderr:\n{}",
            self.command,
            self.code,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_contains(&self, text: &str) -> &Run {
        assert_contains!(
            self.stdout,
            text,
            "stdout of `jaarverslag {}`",
            self.command
        );
        self
    }

    #[track_caller]
    pub fn stderr_contains(&self, text: &str) -> &Run {
        assert_contains!(
            self.stderr,
            text,
            "stderr of `jaarverslag {}`",
            self.command
        );
        self
    }

    #[track_caller]
    pub fn stderr_lacks(&self, text: &str) -> &Run {
        assert_lacks!(
            self.stderr,
            text,
            "stderr of `jaarverslag {}`",
            self.command
        );
        self
    }
}
