# 2024-04-02 11:03:27 by RouterOS 7.14.2
# software id = 9XAB-7QZK
#
# model = CCR2004-16G-2S+
# serial number = HCY08A1B2C3
/interface bridge
add admin-mac=48:A9:8A:12:34:56 auto-mac=no comment=defconf name=bridge-lan \
    vlan-filtering=yes
/interface ethernet
set [ find default-name=ether1 ] comment="WAN - Fiber ISP" name=ether1-wan
set [ find default-name=sfp-sfpplus1 ] auto-negotiation=no speed=10G-baseSR-LR
/interface wireguard
add listen-port=13231 mtu=1420 name=wg-site private-key=\
    "SZSa2M/mUm86iTROJ2XdweQLkQsqmgAgl/Zp0OIJVSo="
/interface pppoe-client
add add-default-route=yes disabled=no interface=ether1-wan name=pppoe-out1 \
    password=Isp!Pppoe#774 use-peer-dns=yes user=cust774512@fiber.isp.example
/interface l2tp-client
add connect-to=198.51.100.61 ipsec-secret=L2tp-Cl1ent-IPsec name=l2tp-hq password=\
    "l2tp hq pass" use-ipsec=yes user=br-rtm-01
/interface vlan
add interface=bridge-lan name=vlan20-staff vlan-id=20
add interface=bridge-lan name=vlan30-guest vlan-id=30
/interface wireless security-profiles
set [ find default=yes ] supplicant-identity=MikroTik
add authentication-types=wpa2-psk disable-pmkid=yes eap-methods="" \
    management-protection=allowed mode=dynamic-keys name=sp-staff \
    supplicant-identity="" wpa2-pre-shared-key="Staff W1fi \"2024\" secure"
add authentication-types=wpa-psk,wpa2-psk mode=dynamic-keys name=sp-guest \
    supplicant-identity="" wpa-pre-shared-key=GuestPass-RTM-24 \
    wpa2-pre-shared-key=GuestPass-RTM-24
add authentication-types=wpa2-eap eap-methods=peap mode=dynamic-keys \
    mschapv2-password=Eap-Msch@p-pw mschapv2-username=ap-supplicant name=\
    sp-eap tls-mode=dont-verify-certificate
add mode=static-keys-required name=sp-legacy-wep static-algo-0=104bit-wep \
    static-key-0=e0698baa933f3667271d05a2f0 static-transmit-key=key-0
/interface wifi security
add authentication-types=wpa2-psk,wpa3-psk name=sec-corp passphrase=\
    "C0rp Wifi6 P@ss; not(public)" wps=disable
/interface wifi
set [ find default-name=wifi1 ] configuration.mode=ap .ssid=RTM-STAFF \
    security=sec-corp
/ip hotspot profile
add dns-name=hotspot.rtm.example hotspot-address=10.30.0.1 name=hsprof1
/ip ipsec profile
add dh-group=modp2048 enc-algorithm=aes-256 hash-algorithm=sha256 name=\
    prof-hq
/ip ipsec peer
add address=203.0.113.10/32 exchange-mode=ike2 name=peer-hq profile=\
    prof-hq
add address=192.0.2.77/32 name=peer-partner
/ip ipsec proposal
set [ find default=yes ] enc-algorithms=aes-256-cbc pfs-group=modp2048
/ppp profile
add dns-server=10.20.0.1 local-address=10.99.0.1 name=prof-l2tp \
    remote-address=pool-vpn use-encryption=required
/snmp community
set [ find default=yes ] disabled=yes
add addresses=10.20.0.0/24 name=mtk-rtm-ro-2024
add addresses=10.20.0.61/32 authentication-password=SnmpAuthP4ss! \
    authentication-protocol=SHA1 encryption-password=SnmpPrivP4ss! \
    encryption-protocol=AES name=nms-v3 security=private
/ip address
add address=10.20.0.1/24 comment=defconf interface=bridge-lan network=\
    10.20.0.0
add address=10.30.0.1/24 interface=vlan30-guest network=10.30.0.0
add address=10.99.99.1/30 interface=wg-site network=10.99.99.0
/ip dhcp-server lease
add address=10.20.0.50 client-id=1:0:c:29:ab:cd:ef mac-address=\
    00:0C:29:AB:CD:EF server=dhcp-lan
/ip hotspot user
add name=guest01 password=hs-guest-01x profile=default
add name=lobby-kiosk password="kiosk pass 7!" limit-uptime=1d
add name=trial-user
/ip ipsec identity
add peer=peer-hq secret="Ipsec\$ecret#HQ1"
add auth-method=pre-shared-key-xauth peer=peer-partner secret=\
    Partner.Xauth.PSK username=rtm-xauth password=Xauth-User-Pw
/ip ipsec policy
add dst-address=10.0.0.0/8 peer=peer-hq src-address=10.20.0.0/16 tunnel=yes
/ip service
set telnet disabled=yes
set ftp disabled=yes
set api-ssl certificate=api-cert-2024
/ppp secret
add name=vpn-alice password=Al1ce!VPN profile=prof-l2tp service=l2tp
add name=vpn-bob password="b0b pass word" profile=prof-l2tp remote-address=\
    10.99.0.12 service=l2tp
add comment="Carol - laptop" name=vpn-carol password=C4r0l\?x=1 profile=\
    prof-l2tp service=l2tp
add name=vpn-dave password="" profile=prof-l2tp service=l2tp
/interface l2tp-server server
set authentication=mschap2 default-profile=prof-l2tp enabled=yes \
    ipsec-secret=L2tpSrv-Ips3c-RTM use-ipsec=required
/radius
add address=10.20.0.30 secret=MtkR4dius-RTM service=ppp,hotspot,login \
    src-address=10.20.0.1
add address=10.20.0.31 secret="Rad2 with spaces" service=wireless
/interface wireguard peers
add allowed-address=10.99.99.2/32 endpoint-address=198.51.100.99 \
    endpoint-port=13231 interface=wg-site name=peer-hq preshared-key=\
    "PmPz73M7dixxzDncrNgi1qxr67MyEegewmZdfggXHzk=" public-key="zOszlPaY9POwKlLkQ+AXdwIgk018vanaNBs3btdxbZQ="
/system identity
set name=br-rtm-01
/system note
set show-at-login=no
/system ntp client
set enabled=yes
/system ntp client servers
add address=10.20.0.123
/tool e-mail
set from=router@rtm.example server=smtp.rtm.example port=587 tls=starttls \
    user=router@rtm.example password=SmtpM@il-RTM1
/system script
add dont-require-permissions=no name=nightly-backup owner=admin policy=\
    ftp,read,write,policy,test,password,sensitive source="/system backup save\
    \_name=nightly password=BkpEnc-2024!\r\
    \n/tool fetch upload=yes url=\"sftp://10.20.0.9/backups/nightly.backup\" \
    user=mtbackup password=Sftp_Upl0ad_pw src-path=nightly.backup\r\
    \n"
/tool netwatch
add host=8.8.8.8 interval=30s
/user group
add name=noc-ro policy=local,ssh,read,winbox,!password,!sensitive
/user
add group=full name=netadmin password=Net@dmin-RTM-77
add group=noc-ro name=nocview password="noc view only"
/user aaa
set use-radius=yes
/user settings
set minimum-categories=2 minimum-password-length=12
/certificate settings
set crl-use=no
