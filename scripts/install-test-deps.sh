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

# The OHIF viewer served at /viewer/ (pinned @ohif/app, integrity-checked, unpacked into .dicomhub/viewer/ohif).
bash "$(dirname "$0")/fetch-viewer.sh"
