"""AWS adapters through boto3: SES for email, SNS for SMS."""
