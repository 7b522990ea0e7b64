# The load balancer's configuration: Debian's HAProxy in front of appnotifyd instances that share
# one PostgreSQL database (scripts/balancer runs it; scripts/cluster and the tests use that).
# shellcheck shell=bash

# Prints the configuration: HAProxy listening on LISTEN (HOST:PORT), the instances (HOST:PORT each)
# behind it.
#  - Push streams pass through as they are written (HAProxy forwards a response without buffering
#    it) and may stay open for an hour between two bytes; appnotifyd's heartbeat comes far sooner.
#  - A new stream goes to the instance with the fewest connections (leastconn): streams last, so
#    round robin would pile them onto the instances that were up longest.
#  - An instance is checked four times a second (/readyz: its database answers and, with several
#    instances, its event feed is current; no token needed) and gets no new request from its first
#    failed check. What it holds is not cut: a request in progress is answered (in a database
#    outage every instance fails the check at once, and cutting would turn its 503 into a broken
#    connection), and the streams of an instance that dies end with it, so their pages reconnect
#    through the balancer to another instance and resume there with Last-Event-ID.
#  - The instances' links (nextLink, deltaLink, OData-EntityId) must name the balancer, not
#    themselves: it says how it was reached in X-Forwarded-Proto and X-Forwarded-Host, which the
#    instances believe with --trusted-proxy (the balancer's address).
#  - A request is retried on another instance only when it never reached one (connection refused):
#    a create that reached an instance which then died is answered 502 and never sent twice.
write_haproxy_config() {  # LISTEN INSTANCE...
  local listen=$1 at=0 instance
  shift
  cat <<CONFIG
global
  # maxconn: HAProxy takes as many connections as its open-files limit allows (two per request)

defaults
  mode http
  timeout connect 1s
  timeout client 1h
  timeout server 1h
  timeout http-request 10s
  timeout http-keep-alive 10s
  timeout queue 5s
  retries 3
  retry-on conn-failure
  option redispatch 1
  # With no instance ready (the database away, every instance restarting), the balancer answers as
  # an instance would: 503 with Retry-After, in Dataverse's error shape.
  http-error status 503 content-type application/json hdr Retry-After 1 string '{"error":{"code":"0x80044183","message":"No instance is ready; try again shortly.","appnotify":{"code":"storage_unavailable","problems":[]}}}'

frontend appnotify
  bind $listen
  option forwardfor
  http-request set-header X-Forwarded-Proto https if { ssl_fc }
  http-request set-header X-Forwarded-Proto http if !{ ssl_fc }
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  default_backend instances

backend instances
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  default-server check inter 250ms fall 1 rise 1
CONFIG
  for instance in "$@"; do
    at=$((at + 1))
    echo "  server instance$at $instance"
  done
}
