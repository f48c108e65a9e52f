"""Operations as code: the SLO file and the Prometheus rules and Grafana dashboard generated from it."""
