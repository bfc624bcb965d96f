//! placeholder until the integration tests land
