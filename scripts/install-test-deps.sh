#!/usr/bin/env bash
# Installs the real peers the tests talk to, only when missing: DCMTK, dicom3tools, Orthanc with its
# DICOMweb plugin, chromium (the web UI's tests), PostgreSQL (the tests start throwaway clusters of their
# own with its initdb and pg_ctl; the package's own cluster is not used). Runs as root on Debian (CI and
# developer machines are root here).
set -euo pipefail

need=()
command -v dcmdump >/dev/null 2>&1 || need+=(dcmtk)
# dcuid.h: the UID registry test regenerates DicomUids.g.cs from it to prove the committed file is current.
[ -e /usr/include/dcmtk/dcmdata/dcuid.h ] || need+=(libdcmtk-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v dciodvfy >/dev/null 2>&1 || need+=(dicom3tools)
[ -x /usr/sbin/Orthanc ] || need+=(orthanc)
[ -e /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || need+=(orthanc-dicomweb)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The web UI's tests drive Debian's chromium through Playwright (which never downloads a browser here).
[ -x /usr/bin/chromium ] || need+=(chromium)
# The OHIF viewer's tests: node and npm fetch the pinned @ohif/app (scripts/fetch-viewer.sh, below).
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# PostgreSQL refuses to run as root; the tests run their clusters as this account (made by the package).
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
# Native pixel data codecs DicomHub loads through P/Invoke (also needed by `./dicomhub serve`, see the README).
[ -e /usr/lib/x86_64-linux-gnu/libcharls.so.2 ] || [ -e /usr/lib/aarch64-linux-gnu/libcharls.so.2 ] || need+=(libcharls2)
[ -e /usr/lib/x86_64-linux-gnu/libopenjp2.so.7 ] || [ -e /usr/lib/aarch64-linux-gnu/libopenjp2.so.7 ] || need+=(libopenjp2-7)
[ -e /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libturbojpeg.so.0 ] || need+=(libturbojpeg0)
# Reference codecs the conformance tests compare with: GDCM's gdcmconv, OpenJPEG's opj_compress/opj_decompress.
command -v gdcmconv >/dev/null 2>&1 || need+=(libgdcm-tools)
command -v opj_decompress >/dev/null 2>&1 || need+=(libopenjp2-tools)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing test peers: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The JavaScript DICOMweb client (npm dicomweb-client, with xhr2 for XMLHttpRequest under node), pinned, in a folder
# outside the repository; tests/DicomHub.Testing/NodeDicomWebClient.cs runs it with NODE_PATH pointing there.
dicomweb_client_dir="${DICOMHUB_NODE_PEERS:-/opt/dicomhub-peers/dicomweb-client}"
if [ ! -e "$dicomweb_client_dir/node_modules/dicomweb-client/package.json" ] || [ ! -e "$dicomweb_client_dir/node_modules/xhr2/package.json" ]; then
  command -v npm >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq nodejs npm >/dev/null; }
  echo "installing test peer: npm dicomweb-client@0.11.3 into $dicomweb_client_dir"
  mkdir -p "$dicomweb_client_dir"
  (cd "$dicomweb_client_dir" && [ -e package.json ] || echo '{"private":true}' > "$dicomweb_client_dir/package.json")
  npm install --prefix "$dicomweb_client_dir" --no-audit --no-fund --silent dicomweb-client@0.11.3 xhr2@0.2.1
fi

# A real OpenID provider for the authentication tests (npm oidc-provider, OpenID Certified), pinned, in a folder
# outside the repository; tests/DicomHub.Testing/Oidc/OidcProvider.cs runs Oidc/provider.mjs beside it with node.
oidc_provider_dir="${DICOMHUB_OIDC_PROVIDER:-/opt/dicomhub-peers/oidc-provider}"
if [ ! -e "$oidc_provider_dir/node_modules/oidc-provider/package.json" ]; then
  command -v npm >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq nodejs npm >/dev/null; }
  echo "installing test peer: npm oidc-provider@9.13.3 into $oidc_provider_dir"
  mkdir -p "$oidc_provider_dir"
  [ -e "$oidc_provider_dir/package.json" ] || echo '{"private":true}' > "$oidc_provider_dir/package.json"
  npm install --prefix "$oidc_provider_dir" --no-audit --no-fund --silent oidc-provider@9.13.3
fi
# The OHIF viewer served at /viewer/ (pinned @ohif/app, integrity-checked, unpacked into .dicomhub/viewer/ohif).
bash "$(dirname "$0")/fetch-viewer.sh"
