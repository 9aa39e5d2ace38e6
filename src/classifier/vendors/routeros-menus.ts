/**
 * RouterOS menu names (v6 and v7). A line made only of menu words changes the current menu and is read;
 * a word that is not a known menu may be a command this classifier does not know (`reset-mac-address`,
 * `clear-history`), so such a path is unknown, never read.
 */
export const ROUTEROS_MENUS: ReadonlySet<string> = new Set(
  `
  ip ipv6 interface address route firewall filter nat mangle raw address-list connection tracking layer7-protocol
  service-port service dns static cache dhcp-server dhcp-client dhcp-relay lease network option option-set
  pool arp neighbor discovery settings hotspot user profile active host ip-binding walled-garden cookie
  proxy access socks upnp smb ssh cloud traffic-flow target packing vrf kid-control device
  system identity clock ntp client server manual resource cpu irq usb pci health license package update
  routerboard mode-button reset-button leds console history logging action note scheduler script job
  environment ups watchdog backup hardware users special-login
  bridge port vlan host mdb msti filter nat settings calea
  ethernet switch rule vlan port-isolation wireless security-profiles access-list connect-list registration-table
  nstreme channels sniffer snooper wps-client align wifi wifiwave2 capsman caps-man configuration datapath
  security steering provisioning radio remote-cap interface manager aaa channel
  bonding eoip eoipv6 gre gre6 ipip ipipv6 l2tp-server l2tp-client l2tp-ether pppoe-server pppoe-client
  pptp-server pptp-client sstp-server sstp-client ovpn-server ovpn-client ppp secret
  vpls vrrp veth vxlan wireguard peers lte apn macvlan list member detect-internet bonding-slaves mesh
  traffic-eng 6to4 wifi-qcom
  ipsec peer identity proposal policy group installed-sa active-peers mode-config key statistics
  queue simple tree type interface-queue
  routing bgp connection template session vpnv4 ospf instance area lsa ospf-v3 rip ripng pim igmp-proxy
  bfd table rule id gmp prefix-lists stats nexthop
  mpls ldp forwarding-table local-bindings remote-bindings
  certificate crl scep-server settings
  file log snmp community
  radius incoming
  tool bandwidth-server e-mail fetch graphing mac-server mac-winbox ping romon netwatch sniffer
  traffic-generator traffic-monitor torch profile sms ip-scan wol flood-ping speed-test
  disk partitions container mounts envs config lcd dude port firmware
  tr069-client openflow
  `
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
