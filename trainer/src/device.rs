//! Device choice: `cpu` (the default, the only one CI builds) or `cuda[:N]` behind the `cuda`
//! cargo feature.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result};

/// Where tensors live, as chosen on the command line (`--device cpu|cuda|cuda:N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceChoice {
    /// The CPU (default).
    #[default]
    Cpu,
    /// A CUDA GPU by ordinal; needs the `cuda` feature.
    Cuda(usize),
}

impl DeviceChoice {
    /// Opens the device; errors when CUDA was asked for but not compiled in or not present.
    pub fn device(self) -> Result<candle_core::Device> {
        match self {
            DeviceChoice::Cpu => Ok(candle_core::Device::Cpu),
            DeviceChoice::Cuda(ordinal) => {
                if !cfg!(feature = "cuda") {
                    return Err(Error::Device(
                        self.to_string(),
                        "this build has no CUDA support; rebuild with `--features cuda`".into(),
                    ));
                }
                candle_core::Device::new_cuda(ordinal)
                    .map_err(|e| Error::Device(self.to_string(), e.to_string()))
            }
        }
    }
}

impl fmt::Display for DeviceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceChoice::Cpu => write!(f, "cpu"),
            DeviceChoice::Cuda(0) => write!(f, "cuda"),
            DeviceChoice::Cuda(n) => write!(f, "cuda:{n}"),
        }
    }
}

impl FromStr for DeviceChoice {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "cpu" => Ok(DeviceChoice::Cpu),
            "cuda" => Ok(DeviceChoice::Cuda(0)),
            _ => s
                .strip_prefix("cuda:")
                .and_then(|n| n.parse().ok())
                .map(DeviceChoice::Cuda)
                .ok_or_else(|| {
                    Error::Device(s.into(), "expected `cpu`, `cuda` or `cuda:N`".into())
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_parse_and_print_back() {
        for s in ["cpu", "cuda", "cuda:1"] {
            assert_eq!(s.parse::<DeviceChoice>().unwrap().to_string(), s);
        }
        assert!("tpu".parse::<DeviceChoice>().is_err());
    }

    #[test]
    fn cpu_is_the_default_device_and_always_opens() {
        assert!(DeviceChoice::default().device().unwrap().is_cpu());
    }
}
