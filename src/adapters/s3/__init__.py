"""Amazon S3 (or any S3-compatible store) behind the ObjectStore port, with boto3."""
