#!/usr/bin/env bash
# Removes everything deploy.sh created: deletes the resource group (container
# app, environment, registry, identity, vault, storage accounts, demo API, Log
# Analytics, and every role assignment scoped inside it), then purges the
# soft-deleted Key Vault so the same name can be deployed again.
#
#   RESOURCE_GROUP=rg-integrated-auth deploy/teardown.sh
#
# Environment: RESOURCE_GROUP (default rg-integrated-auth), ASSUME_YES=true to
# skip the confirmation prompt, PURGE_KEY_VAULT=false to keep the soft-deleted
# vault (recoverable for 7 days; blocks redeploying the same name meanwhile).
# Safe to run repeatedly.
set -euo pipefail

RESOURCE_GROUP="${RESOURCE_GROUP:-rg-integrated-auth}"
ASSUME_YES="${ASSUME_YES:-false}"
PURGE_KEY_VAULT="${PURGE_KEY_VAULT:-true}"

step() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
run() {
  printf '    +'
  printf ' %q' "$@"
  printf '\n'
  "$@"
}
is_true() {
  case "$1" in
    true | TRUE | True | 1 | yes | YES | Yes) return 0 ;;
    *) return 1 ;;
  esac
}

command -v az >/dev/null 2>&1 || die "Azure CLI (az) not found."
az account show --output none 2>/dev/null || die "Not signed in. Run 'az login'."
SUBSCRIPTION_ID="$(az account show --query id --output tsv)"
RG_PATH="/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/"

step "Tearing down resource group ${RESOURCE_GROUP} in subscription ${SUBSCRIPTION_ID}"
if [[ "$(az group exists --name "${RESOURCE_GROUP}")" == "true" ]]; then
  info "Resources that will be deleted:"
  az resource list --resource-group "${RESOURCE_GROUP}" --query '[].[type, name]' --output tsv |
    while IFS=$'\t' read -r type name; do info "  ${type}  ${name}"; done
  if ! is_true "${ASSUME_YES}"; then
    (exec </dev/tty) 2>/dev/null || die "No terminal to confirm on; set ASSUME_YES=true."
    read -r -p "Delete resource group '${RESOURCE_GROUP}' and everything in it? [y/N] " answer </dev/tty
    case "${answer}" in
      y | Y | yes | YES) ;;
      *) die "Aborted; nothing deleted." ;;
    esac
  fi
  run az group delete --name "${RESOURCE_GROUP}" --yes
else
  info "Resource group does not exist; nothing to delete."
fi

if is_true "${PURGE_KEY_VAULT}"; then
  step "Purging soft-deleted Key Vaults that belonged to ${RESOURCE_GROUP}"
  # Match on the vault's original resource id (case-insensitive on the group path).
  rg_path_lc="$(tr '[:upper:]' '[:lower:]' <<<"${RG_PATH}")"
  purged=0
  while IFS=$'\t' read -r vault_name vault_id vault_location; do
    [[ -n "${vault_name}" ]] || continue
    vault_id_lc="$(tr '[:upper:]' '[:lower:]' <<<"${vault_id}")"
    if [[ "${vault_id_lc}" == "${rg_path_lc}"* ]]; then
      run az keyvault purge --name "${vault_name}" --location "${vault_location}"
      purged=$((purged + 1))
    fi
  done < <(az keyvault list-deleted --resource-type vault \
    --query '[].[name, properties.vaultId, properties.location]' --output tsv)
  info "Purged ${purged} vault(s)."
else
  info "PURGE_KEY_VAULT=false: the vault stays soft-deleted (recoverable) for its retention period."
fi

step "Done"
