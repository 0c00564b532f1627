// Both provider procedures are refused the same way when there is no host to reach.
export const NO_PROVIDER_HOST =
  'No provider host is configured: set PROVIDER_SSH_HOST, PROVIDER_SSH_KEY_FILE and PROVIDER_SSH_HOST_KEY.';
