"""Registers what the test cloud needs, through the services' REST APIs (one process, not
dozens of `openstack` CLI starts). Run by tests/openstack/up with Debian's /usr/bin/python3.

  provision.py identity   after Keystone is up: service users, catalog, projects, users, roles,
                          application credential. Before any Nova service starts (nova-compute
                          caches the catalog it first saw).
  provision.py resources  after Glance, Neutron and Nova are up: image, flavor, network, quota,
                          and waits for the compute node.

Passwords come from the environment (never argv). Output: KEY=VALUE lines for the env file.
"""
import os
import sys
import time

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

KEYSTONE = "http://127.0.0.1:5000/v3"
REGION = "RegionOne"
SERVICES = [
    # type, name, url
    ("compute", "nova", "http://127.0.0.1:8774/v2.1"),
    ("placement", "placement", "http://127.0.0.1:8778"),
    ("image", "glance", "http://127.0.0.1:9292"),
    ("network", "neutron", "http://127.0.0.1:9696"),
]
SERVICE_USERS = ["nova", "placement", "glance", "neutron"]


def session(username, password, project):
    auth = v3.Password(auth_url=KEYSTONE, username=username, password=password, project_name=project,
                       user_domain_name="Default", project_domain_name="Default")
    return ks_session.Session(auth=auth, timeout=60)


def ok(response, *statuses):
    if response.status_code not in statuses:
        raise SystemExit("%s %s: HTTP %d %s" % (response.request.method, response.url, response.status_code,
                                               response.text[:500]))
    return response.json() if response.content else {}


class Identity:
    def __init__(self, sess):
        self.s = sess

    def call(self, method, path, body=None, statuses=(200,)):
        response = self.s.request(KEYSTONE + path, method, json=body, raise_exc=False)
        return ok(response, *statuses)

    def find(self, collection, name, key=None):
        found = self.call("GET", "/%s?name=%s" % (collection, name))[key or collection]
        return found[0] if found else None

    def ensure(self, collection, singular, body):
        existing = self.find(collection, body["name"])
        if existing:
            return existing
        return self.call("POST", "/" + collection, {singular: body}, (201,))[singular]

    def ensure_user(self, name, password, project_id=None):
        body = {"name": name, "password": password, "domain_id": "default"}
        if project_id:
            body["default_project_id"] = project_id
        existing = self.find("users", name)
        if existing:
            self.call("PATCH", "/users/" + existing["id"], {"user": {"password": password}})
            return existing
        return self.call("POST", "/users", {"user": body}, (201,))["user"]

    def grant(self, project_id, user_id, role_name):
        role = self.find("roles", role_name)
        self.call("PUT", "/projects/%s/users/%s/roles/%s" % (project_id, user_id, role["id"]), None, (204,))


def identity():
    env = os.environ
    admin = Identity(session("admin", env["OS_ADMIN_PASSWORD"], "admin"))
    service_project = admin.ensure("projects", "project", {"name": "service", "domain_id": "default"})
    for name in SERVICE_USERS:
        user = admin.ensure_user(name, env["OS_SERVICE_PASSWORD"])
        admin.grant(service_project["id"], user["id"], "admin")
    for service_type, name, url in SERVICES:
        service = admin.ensure("services", "service", {"name": name, "type": service_type})
        endpoints = admin.call("GET", "/endpoints?service_id=" + service["id"])["endpoints"]
        have = {e["interface"] for e in endpoints}
        for interface in ("public", "internal", "admin"):
            if interface not in have:
                admin.call("POST", "/endpoints", {"endpoint": {"service_id": service["id"], "interface": interface,
                                                              "url": url, "region_id": REGION}}, (201,))
    out = {}
    for project_name, user_name, password_var in (("github-runner", "github-runner", "OS_RUNNER_PASSWORD"),
                                                   ("lowquota", "lowquota", "OS_LOWQUOTA_PASSWORD")):
        project = admin.ensure("projects", "project", {"name": project_name, "domain_id": "default"})
        user = admin.ensure_user(user_name, env[password_var], project["id"])
        admin.grant(project["id"], user["id"], "member")
        # the admin can work in each project too (the simulate reader lists across projects anyway)
        admin_user = admin.find("users", "admin")
        admin.grant(project["id"], admin_user["id"], "admin")
        key = project_name.upper().replace("-", "_")
        out[key + "_PROJECT_ID"] = project["id"]
        out[key + "_USER_ID"] = user["id"]

    # The application credential is made by its user, scoped to the project it will act in.
    runner = Identity(session("github-runner", env["OS_RUNNER_PASSWORD"], "github-runner"))
    user_id = out["GITHUB_RUNNER_USER_ID"]
    for existing in runner.call("GET", "/users/%s/application_credentials" % user_id)["application_credentials"]:
        if existing["name"] == "github-runner-ci":
            runner.call("DELETE", "/users/%s/application_credentials/%s" % (user_id, existing["id"]), None, (204,))
    credential = runner.call("POST", "/users/%s/application_credentials" % user_id,
                             {"application_credential": {"name": "github-runner-ci",
                                                         "description": "contract tests"}}, (201,))
    credential = credential["application_credential"]
    out["APP_CREDENTIAL_ID"] = credential["id"]
    out["APP_CREDENTIAL_NAME"] = credential["name"]
    out["APP_CREDENTIAL_SECRET"] = credential["secret"]
    return out


def service_call(sess, service_type, method, path, body=None, statuses=(200,), headers=None, data=None):
    response = sess.request(path, method, json=body, data=data, headers=headers, raise_exc=False,
                            endpoint_filter={"service_type": service_type, "interface": "public",
                                             "region_name": REGION})
    return ok(response, *statuses)


def wait(what, check, seconds):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise SystemExit("timed out after %d s waiting for %s" % (seconds, what))
        time.sleep(0.5)


def resources():
    env = os.environ
    admin = session("admin", env["OS_ADMIN_PASSWORD"], "admin")
    out = {}

    # A tiny raw image: FakeDriver never reads it.
    images = service_call(admin, "image", "GET", "/v2/images?name=tiny")["images"]
    image = next((i for i in images if i["status"] == "active"), None)
    if image is None:
        image = service_call(admin, "image", "POST", "/v2/images",
                             {"name": "tiny", "disk_format": "raw", "container_format": "bare",
                              "visibility": "public"}, (201,))
        service_call(admin, "image", "PUT", "/v2/images/%s/file" % image["id"], statuses=(204,),
                     headers={"Content-Type": "application/octet-stream"}, data=b"\0" * 65536)
    out["IMAGE_ID"] = image["id"]
    out["IMAGE_NAME"] = "tiny"

    flavors = service_call(admin, "compute", "GET", "/flavors")["flavors"]
    flavor = next((f for f in flavors if f["name"] == "m1.small"), None)
    if flavor is None:
        flavor = service_call(admin, "compute", "POST", "/flavors",
                              {"flavor": {"name": "m1.small", "ram": 512, "vcpus": 1, "disk": 1}}, (200,))["flavor"]
    out["FLAVOR_ID"] = flavor["id"]
    out["FLAVOR_NAME"] = "m1.small"

    # One network per project, with a subnet on loopback (Nova refuses a network
    # without one); no DHCP, no agents: ports are bound by the no-op mechanism driver.
    for key, project_id in (("", env["GITHUB_RUNNER_PROJECT_ID"]), ("LOWQUOTA_", env["LOWQUOTA_PROJECT_ID"])):
        name = "github-runner-net" if not key else "lowquota-net"
        nets = service_call(admin, "network", "GET", "/v2.0/networks?name=%s&project_id=%s" % (name, project_id))
        net = nets["networks"][0] if nets["networks"] else service_call(
            admin, "network", "POST", "/v2.0/networks",
            {"network": {"name": name, "project_id": project_id}}, (201,))["network"]
        if not net.get("subnets"):
            service_call(admin, "network", "POST", "/v2.0/subnets",
                         {"subnet": {"name": name + "-v4", "network_id": net["id"], "project_id": project_id,
                                     "ip_version": 4, "cidr": "127.100.0.0/24" if not key else "127.101.0.0/24", "enable_dhcp": False}}, (201,))
        out[key + "NETWORK_ID"] = net["id"]
        out[key + "NETWORK_NAME"] = name

    service_call(admin, "compute", "PUT", "/os-quota-sets/" + env["LOWQUOTA_PROJECT_ID"],
                 {"quota_set": {"instances": 1}}, (200,))
    out["LOWQUOTA_INSTANCES"] = "1"

    def compute_node():
        hypervisors = service_call(admin, "compute", "GET", "/os-hypervisors")["hypervisors"]
        return [h for h in hypervisors if h.get("state") == "up"]
    wait("the compute node to register", compute_node, 120)

    def provider():
        response = admin.request("/resource_providers", "GET", raise_exc=False,
                                 headers={"OpenStack-API-Version": "placement 1.14"},
                                 endpoint_filter={"service_type": "placement", "interface": "public"})
        return response.status_code == 200 and response.json()["resource_providers"]
    wait("the compute node's resource provider", provider, 120)
    return out


def main():
    step = sys.argv[1] if len(sys.argv) > 1 else ""
    if step == "identity":
        values = identity()
    elif step == "resources":
        values = resources()
    else:
        raise SystemExit("usage: provision.py identity|resources")
    for key, value in values.items():
        print("%s=%s" % (key, value))


if __name__ == "__main__":
    main()
