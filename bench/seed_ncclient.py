#!/usr/bin/python3
"""The LTRCRT-2005 lab's per-change NETCONF sequence, driven by the lab's own client (ncclient 0.6.13).

As in the lab's netconf.configure_interface / send_configuration: manager.connect(host, port, timeout=30,
username, password, hostkey_verify=False), dispatch <sync-from/>, then inside `with m.locked("running")`:
edit_config(target="running", config=payload, default_operation="merge") and dispatch <save-config/>; the
`with` on the manager closes the session. Unlike the lab, any failure is raised (the bench must not time
a change the device refused).

Reads one JSON object on stdin: {"host", "port", "username", "password", "warmup": int, "payloads": [str]},
each payload a whole rendered <config> (bench/seed-template.ts). Runs one change per payload, the first
`warmup` untimed, and prints {"ncclient": version, "ms": [wall ms of each timed change]} on stdout.
Run with Debian's /usr/bin/python3 (python3-ncclient).
"""
import json
import sys
import time

import ncclient
from ncclient import manager
from ncclient.xml_ import new_ele_ns

CISCO_IA = "http://cisco.com/yang/cisco-ia"


def configure_interface(job, payload):
    """One lab change: new session, sync-from, lock running, merge the template, save-config, unlock, close."""
    with manager.connect(
        host=job["host"],
        port=job["port"],
        timeout=30,
        username=job["username"],
        password=job["password"],
        hostkey_verify=False,
    ) as m:
        m.dispatch(new_ele_ns("sync-from", CISCO_IA))
        with m.locked("running"):
            m.edit_config(target="running", config=payload, default_operation="merge")
            m.dispatch(new_ele_ns("save-config", CISCO_IA))


def main():
    job = json.load(sys.stdin)
    warmup = int(job.get("warmup", 0))
    samples = []
    for i, payload in enumerate(job["payloads"]):
        start = time.perf_counter()
        configure_interface(job, payload)
        if i >= warmup:
            samples.append((time.perf_counter() - start) * 1000)
    json.dump({"ncclient": getattr(ncclient, "__version__", "unknown"), "ms": samples}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
