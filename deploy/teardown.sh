#!/usr/bin/env bash
# Removes everything deploy.sh created: deletes the resource group (container
# app, smoke test job, environment, registry, identities, vault, storage
# accounts, demo API, Log Analytics, and every role assignment scoped inside
# it), then purges the soft-deleted Key Vault so the same name can be deployed
# again, and removes the API's app registration in Entra ID with its service
# principal and every app role assignment to it (deploy/lib.sh,
# delete_api_registration; never a registration you gave as AUTH_CLIENT_ID).
#
#   RESOURCE_GROUP=rg-integrated-auth deploy/teardown.sh
#
# Environment: RESOURCE_GROUP (default rg-integrated-auth), ASSUME_YES=true to
# skip the confirmation prompt, PURGE_KEY_VAULT=false to keep the soft-deleted
# vault (recoverable for 7 days; blocks redeploying the same name meanwhile),
# PURGE_APP_REGISTRATION=false to keep the deleted registration restorable for
# 30 days (its uniqueName stays taken meanwhile), AUTH_APP_UNIQUE_NAME when the
# resource group, whose deployment history names the registration, is gone.
# Safe to run repeatedly.
set -euo pipefail
umask 077

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "${SCRIPT_DIR}/lib.sh"

RESOURCE_GROUP="${RESOURCE_GROUP:-rg-integrated-auth}"
ASSUME_YES="${ASSUME_YES:-false}"
PURGE_KEY_VAULT="${PURGE_KEY_VAULT:-true}"
PURGE_APP_REGISTRATION="${PURGE_APP_REGISTRATION:-true}"
AUTH_APP_UNIQUE_NAME="${AUTH_APP_UNIQUE_NAME:-}"
INFRA_DEPLOYMENT="integrated-auth-infra"

command -v az >/dev/null 2>&1 || die "Azure CLI (az) not found."
az account show --output none 2>/dev/null || die "Not signed in. Run 'az login'."
SUBSCRIPTION_ID="$(az account show --query id --output tsv)"
RG_PATH="/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/"
TMP_DIR="$(mktemp -d)"
trap 'rm -rf -- "${TMP_DIR}"' EXIT

step "Tearing down resource group ${RESOURCE_GROUP} in subscription ${SUBSCRIPTION_ID}"
if [[ "$(az group exists --name "${RESOURCE_GROUP}")" == "true" ]]; then
  if [[ -z "${AUTH_APP_UNIQUE_NAME}" ]]; then
    # main.bicep's output, read before the deployment history goes with the group.
    AUTH_APP_UNIQUE_NAME="$(az deployment group show --resource-group "${RESOURCE_GROUP}" --name "${INFRA_DEPLOYMENT}" \
      --query properties.outputs.AZURE_AUTH_APP_UNIQUE_NAME.value --output tsv 2>/dev/null || true)"
  fi
  info "Resources that will be deleted:"
  az resource list --resource-group "${RESOURCE_GROUP}" --query '[].[type, name]' --output tsv |
    while IFS=$'\t' read -r type name; do info "  ${type}  ${name}"; done
  if [[ -n "${AUTH_APP_UNIQUE_NAME}" ]]; then
    info "  Entra ID: the app registration with uniqueName ${AUTH_APP_UNIQUE_NAME}, its service principal and app role assignments"
  fi
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

step "Entra ID: the API's app registration"
if [[ -n "${AUTH_APP_UNIQUE_NAME}" ]]; then
  delete_api_registration "${AUTH_APP_UNIQUE_NAME}" "${PURGE_APP_REGISTRATION}" "${TMP_DIR}"
else
  info "Its uniqueName is unknown (no deployment history; set AUTH_APP_UNIQUE_NAME=integrated-auth-<prefix>-<suffix> to"
  info "remove it): az ad app list --filter \"startswith(displayName,'integrated-auth')\" --query '[].[appId,displayName]' -o tsv"
fi

step "Done"
